//! The page's own files, embedded in the binary at build time: its style sheet, its small
//! script and its icon. Links carry a version drawn from their bytes, so a browser may keep
//! them as long as it likes and still never uses a stale one.

use std::sync::LazyLock;

use super::url::{Href, Pairs};

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Its name under `/assets/`.
    pub name: &'static str,
    /// Its Content-Type.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// Every embedded file.
pub const ASSETS: [Asset; 3] = [
    Asset {
        name: "explorer.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("assets/explorer.css"),
    },
    Asset {
        name: "explorer.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("assets/explorer.js"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("assets/icon.svg"),
    },
];

/// The embedded file called `name`.
pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

/// A version of all the files together: a hash of their bytes (FNV-1a, 64 bits), in hex.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for asset in &ASSETS {
            for &byte in asset.bytes {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    });
    &VERSION
}

/// The links to the page's files.
#[derive(Debug, Clone)]
pub struct AssetLinks {
    /// The style sheet.
    pub css: Href,
    /// The script.
    pub js: Href,
    /// The icon.
    pub icon: Href,
}

impl AssetLinks {
    /// The links, versioned.
    pub fn new() -> AssetLinks {
        let link = |name: &str| {
            Pairs::new(vec![("v".to_owned(), version().to_owned())])
                .link(&format!("/assets/{name}"))
        };
        AssetLinks {
            css: link("explorer.css"),
            js: link("explorer.js"),
            icon: link("icon.svg"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_by_name_and_versioned() {
        assert!(find("explorer.css").is_some_and(|a| a.content_type.starts_with("text/css")));
        assert!(find("../Cargo.toml").is_none());
        assert_eq!(version().len(), 16);
        assert!(
            AssetLinks::new()
                .css
                .as_str()
                .starts_with("/assets/explorer.css?v=")
        );
    }
}
