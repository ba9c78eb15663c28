//! Typed configuration from the command line and environment variables (see `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;

use leptos::config::LeptosOptions;

/// Where the compiled site (wasm, JS, CSS) is served from, and under which name.
pub fn leptos_options(addr: SocketAddr, site_root: &std::path::Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("readiness")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hash_file_beside_binary())
        .build()
}

/// Whether `cargo leptos build` left `hash.txt` (the content hashes in the site's file names)
/// beside this binary; without it the files have their plain names (tests, `cargo run`).
fn hash_file_beside_binary() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.exists())
}

/// Default location of the built site: `target/site` under the workspace, as cargo-leptos
/// writes it.
pub fn default_site_root() -> PathBuf {
    PathBuf::from("target/site")
}
