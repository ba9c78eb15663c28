//! Swedish first, English on request. The language is a cookie, so the server renders the page
//! in the reader's language and the browser hydrates the same text.

pub use readiness_rules::{Lang, tr};

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "lang";

/// Reads the `lang` cookie from a `Cookie` header value.
pub fn lang_from_cookie_header(header: &str) -> Lang {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_code(value))
        .unwrap_or_default()
}

/// The language a request's `lang` cookie asks for (Swedish without one).
#[cfg(feature = "ssr")]
pub fn lang_of_request(headers: &http::HeaderMap) -> Lang {
    headers
        .get(http::header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .map(lang_from_cookie_header)
        .unwrap_or_default()
}

/// The language of the current request (server) or document (browser).
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| lang_of_request(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
            .map(|c| lang_from_cookie_header(&c))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// The language provided by `App`.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_decides_language() {
        assert_eq!(lang_from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(lang_from_cookie_header("lang=sv"), Lang::Sv);
        assert_eq!(lang_from_cookie_header("lang=fr"), Lang::Sv);
        assert_eq!(lang_from_cookie_header(""), Lang::Sv);
    }
}
