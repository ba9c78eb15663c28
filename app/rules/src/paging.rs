//! Long lists (2,000 units at national size) shown a page at a time: which page, where it
//! starts, how many there are. The same rule for the matrix, the projection and a criterion's
//! units, so every list pages alike.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Rows per page: the region's 72 units fit on one, a national 2,000 take 20.
pub const PAGE_SIZE: usize = 100;

/// One page of a list of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// From 1, as people count.
    pub page: usize,
    /// At least 1, also for an empty list.
    pub pages: usize,
    /// Rows in the whole list.
    pub total: usize,
    /// Where this page starts among them (0-based).
    pub first: usize,
    /// Rows on this page.
    pub shown: usize,
}

impl Page {
    /// Page `asked` (from 1; 0 or past the end means the nearest page) of `total` rows, `size`
    /// a page (at least 1).
    pub fn of(total: usize, asked: usize, size: usize) -> Page {
        let size = size.max(1);
        let pages = total.div_ceil(size).max(1);
        let page = asked.clamp(1, pages);
        let first = ((page - 1) * size).min(total);
        Page {
            page,
            pages,
            total,
            first,
            shown: (total - first).min(size),
        }
    }

    /// The rows of this page, as indexes into the whole list.
    pub fn range(&self) -> Range<usize> {
        self.first..self.first + self.shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (total, asked, size) → (page, pages, first, shown)
    type Row = ((usize, usize, usize), (usize, usize, usize, usize));

    #[test]
    fn page_table() {
        let rows: &[Row] = &[
            ((0, 1, 100), (1, 1, 0, 0)),
            ((0, 5, 100), (1, 1, 0, 0)),
            ((72, 1, 100), (1, 1, 0, 72)),
            ((72, 0, 100), (1, 1, 0, 72)),
            ((100, 1, 100), (1, 1, 0, 100)),
            ((101, 2, 100), (2, 2, 100, 1)),
            ((2000, 20, 100), (20, 20, 1900, 100)),
            ((2000, 21, 100), (20, 20, 1900, 100)),
            ((2000, 7, 100), (7, 20, 600, 100)),
            ((5, 3, 0), (3, 5, 2, 1)),
        ];
        for &((total, asked, size), (page, pages, first, shown)) in rows {
            let p = Page::of(total, asked, size);
            assert_eq!(
                (p.page, p.pages, p.first, p.shown, p.total),
                (page, pages, first, shown, total),
                "{total} rows, page {asked} of size {size}"
            );
            assert_eq!(p.range().len(), shown);
        }
    }
}
