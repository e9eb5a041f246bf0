//! Answers compressed once per data version and shared by every client: a slot per format
//! and coding, filled by the first request that asks for it (in the pool for heavy work),
//! while requests arriving meanwhile wait for the same bytes. A snapshot owns its slots, so
//! a `--watch` reload starts empty and the old bytes go with the old snapshot.

use std::io::{self, Write};
use std::sync::Arc;

use actix_web::HttpMessage;
use actix_web::http::header::{AcceptEncoding, ContentEncoding, Encoding};
use actix_web::web::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;
use tokio::sync::watch;

use crate::filter::Format;

/// gzip's level: zlib's default, the usual balance of time and size.
const GZIP_LEVEL: u32 = 6;

/// Brotli's quality (0–11). Compressing happens once per data version, so it can afford
/// more than a compressor per connection (actix's own uses 3): at 5 the lab's 10.6 MB
/// `/data/all` compresses in about the time gzip takes, and to about two thirds of gzip's
/// size (docs/PERFORMANCE.md).
const BROTLI_QUALITY: i32 = 5;

/// Brotli's window, as a power of two: 4 MiB, what every browser decodes.
const BROTLI_WINDOW: i32 = 22;

/// A content coding that answers are compressed in ahead of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// `gzip`.
    Gzip,
    /// `br`.
    Brotli,
}

impl Coding {
    /// Every coding, in the order of their slots.
    const ALL: [Coding; 2] = [Coding::Gzip, Coding::Brotli];

    /// The coding `req`'s `Accept-Encoding` prefers, negotiated as the compression
    /// middleware negotiates it (brotli, gzip or none): `None` when the answer goes as it
    /// is, or when no coding is acceptable (the plain answer's path says so with a 406).
    pub fn negotiated(req: &impl HttpMessage) -> Option<Coding> {
        let accepted = req.get_header::<AcceptEncoding>()?;
        let supported = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
        let chosen = accepted.negotiate(supported.iter())?;
        if chosen == Encoding::brotli() {
            Some(Coding::Brotli)
        } else if chosen == Encoding::gzip() {
            Some(Coding::Gzip)
        } else {
            None
        }
    }

    /// The `Content-Encoding` of a body in this coding.
    pub fn header(self) -> ContentEncoding {
        match self {
            Coding::Gzip => ContentEncoding::Gzip,
            Coding::Brotli => ContentEncoding::Brotli,
        }
    }

    /// `pieces`, one after the other, compressed in this coding. `size` is about how many
    /// bytes they hold: brotli, told, makes the same bytes however the input is cut (fed
    /// in 1 MiB pieces without it, the lab's NDJSON came out 28% bigger).
    pub fn encode<B: AsRef<[u8]>>(
        self,
        size: usize,
        pieces: impl IntoIterator<Item = B>,
    ) -> io::Result<Bytes> {
        fn write_all<W: Write, B: AsRef<[u8]>>(
            out: &mut W,
            pieces: impl IntoIterator<Item = B>,
        ) -> io::Result<()> {
            pieces
                .into_iter()
                .try_for_each(|piece| out.write_all(piece.as_ref()))
        }
        let bytes = match self {
            Coding::Gzip => {
                let mut out = GzEncoder::new(Vec::new(), Compression::new(GZIP_LEVEL));
                write_all(&mut out, pieces)?;
                out.finish()?
            }
            Coding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: BROTLI_QUALITY,
                    lgwin: BROTLI_WINDOW,
                    size_hint: size,
                    ..Default::default()
                };
                let mut out = brotli::CompressorWriter::with_params(Vec::new(), 64 * 1024, &params);
                write_all(&mut out, pieces)?;
                // Finishes the stream.
                out.into_inner()
            }
        };
        Ok(Bytes::from(bytes))
    }
}

/// Where one slot's bytes are.
#[derive(Debug, Clone, Default)]
enum Progress {
    /// Nobody has asked, or the one who was compressing them gave up before starting.
    #[default]
    Idle,
    /// A request is compressing them.
    Running,
    /// Compressed: shared with every request.
    Done(Bytes),
    /// Compressing them failed (a bug, logged): answers go uncompressed.
    Failed,
}

/// One format's answer in each coding, compressed once.
#[derive(Debug, Default)]
pub struct Precompressed {
    /// Slots for JSON, NDJSON and CSV (a workbook is a zip already), each in gzip then
    /// brotli.
    slots: [Arc<watch::Sender<Progress>>; 6],
}

/// What a request that wants a compressed answer does next.
#[derive(Debug)]
pub enum Turn {
    /// Send these bytes.
    Ready(Bytes),
    /// Compress the answer, then hand it to [`Claim::finish`].
    Compress(Claim),
    /// Send the answer as it is: this format is never compressed ahead, or compressing it
    /// failed.
    Plain,
}

impl Precompressed {
    fn slot(&self, format: Format, coding: Coding) -> Option<&Arc<watch::Sender<Progress>>> {
        let row = match format {
            Format::Json => 0,
            Format::Ndjson => 1,
            Format::Csv => 2,
            Format::Xlsx => return None,
        };
        let column = Coding::ALL.iter().position(|c| *c == coding)?;
        self.slots.get(row * Coding::ALL.len() + column)
    }

    /// The bytes of `format` in `coding` if they are compressed already; never starts the
    /// work (for HEAD).
    pub fn ready(&self, format: Format, coding: Coding) -> Option<Bytes> {
        match &*self.slot(format, coding)?.borrow() {
            Progress::Done(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }

    /// The bytes of `format` in `coding`: at once when compressed, after waiting when
    /// another request is compressing them, or a [`Claim`] when this request is the first
    /// to ask (or the one before gave up).
    pub async fn wait(&self, format: Format, coding: Coding) -> Turn {
        let Some(slot) = self.slot(format, coding) else {
            return Turn::Plain;
        };
        let mut seen = slot.subscribe();
        loop {
            let mut claimed = false;
            slot.send_if_modified(|progress| {
                claimed = matches!(progress, Progress::Idle);
                if claimed {
                    *progress = Progress::Running;
                }
                claimed
            });
            if claimed {
                return Turn::Compress(Claim {
                    slot: Arc::clone(slot),
                    finished: false,
                });
            }
            let settled = seen
                .wait_for(|progress| !matches!(progress, Progress::Running))
                .await
                .map(|progress| progress.clone());
            match settled {
                Ok(Progress::Done(bytes)) => return Turn::Ready(bytes),
                // The compressing request was dropped before its work started: take over.
                Ok(Progress::Idle) => continue,
                Ok(Progress::Running | Progress::Failed) | Err(_) => return Turn::Plain,
            }
        }
    }
}

/// The right, and the duty, to fill one slot. Dropped unfinished (its request went away
/// before the work started, or the pool was full), the slot is free again for the next
/// request; dropped by a panic, the slot is marked failed and answers go uncompressed.
#[derive(Debug)]
pub struct Claim {
    slot: Arc<watch::Sender<Progress>>,
    finished: bool,
}

impl Claim {
    /// Stores the compressed answer for every request, and returns it (`None` if it could
    /// not be made, which is logged and leaves the answers uncompressed).
    pub fn finish(mut self, compressed: io::Result<Bytes>) -> Option<Bytes> {
        self.finished = true;
        let progress = match compressed {
            Ok(bytes) => Progress::Done(bytes),
            Err(error) => {
                tracing::error!("compressing an answer failed: {error}");
                Progress::Failed
            }
        };
        self.slot.send_replace(progress.clone());
        match progress {
            Progress::Done(bytes) => Some(bytes),
            _ => None,
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.finished {
            let next = if std::thread::panicking() {
                Progress::Failed
            } else {
                Progress::Idle
            };
            self.slot.send_replace(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn decoded(coding: Coding, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        match coding {
            Coding::Gzip => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
            Coding::Brotli => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        }
        .unwrap();
        out
    }

    #[test]
    fn pieces_come_back_whole_in_each_coding() {
        let pieces = ["[{\"a\":1}", ",{\"a\":2}", "]"];
        for coding in Coding::ALL {
            let bytes = coding.encode(17, pieces).unwrap();
            assert_eq!(
                decoded(coding, &bytes),
                b"[{\"a\":1},{\"a\":2}]",
                "{coding:?}"
            );
        }
        // Brotli's output does not depend on how the input is cut.
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|n| format!("{},", n % 977).into_bytes())
            .collect();
        let whole = Coding::Brotli.encode(text.len(), [&text[..]]).unwrap();
        let cut = Coding::Brotli
            .encode(text.len(), text.chunks(4096))
            .unwrap();
        assert_eq!(whole, cut);
    }

    #[test]
    fn the_coding_is_negotiated_as_the_middleware_does() {
        let with = |value: &str| {
            let req = actix_web::test::TestRequest::default()
                .insert_header(("accept-encoding", value))
                .to_http_request();
            Coding::negotiated(&req)
        };
        assert_eq!(with("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(with("gzip"), Some(Coding::Gzip));
        assert_eq!(with("br;q=0.5, gzip"), Some(Coding::Gzip));
        assert_eq!(with("identity"), None);
        assert_eq!(with("zstd"), None);
        let none = actix_web::test::TestRequest::default().to_http_request();
        assert_eq!(Coding::negotiated(&none), None);
    }

    #[actix_web::test]
    async fn the_first_request_compresses_and_the_rest_share_its_bytes() {
        let store = Arc::new(Precompressed::default());
        let Turn::Compress(claim) = store.wait(Format::Json, Coding::Gzip).await else {
            panic!("the first request compresses");
        };
        assert!(store.ready(Format::Json, Coding::Gzip).is_none());
        // A second request waits while the first compresses.
        let waiting = actix_web::rt::spawn({
            let store = Arc::clone(&store);
            async move { store.wait(Format::Json, Coding::Gzip).await }
        });
        actix_web::rt::task::yield_now().await;
        let made = claim.finish(Ok(Bytes::from_static(b"z"))).unwrap();
        let Turn::Ready(shared) = waiting.await.unwrap() else {
            panic!("the waiting request is given the bytes");
        };
        assert_eq!(
            (made, shared),
            (Bytes::from_static(b"z"), Bytes::from_static(b"z"))
        );
        assert!(matches!(
            store.wait(Format::Json, Coding::Gzip).await,
            Turn::Ready(_)
        ));
        // Other slots are their own; a workbook has none.
        assert!(matches!(
            store.wait(Format::Csv, Coding::Gzip).await,
            Turn::Compress(_)
        ));
        assert!(matches!(
            store.wait(Format::Xlsx, Coding::Brotli).await,
            Turn::Plain
        ));
    }

    #[actix_web::test]
    async fn a_claim_given_up_frees_the_slot_and_a_failure_sends_answers_plain() {
        let store = Precompressed::default();
        let Turn::Compress(claim) = store.wait(Format::Ndjson, Coding::Brotli).await else {
            panic!("the first request compresses");
        };
        drop(claim);
        let Turn::Compress(claim) = store.wait(Format::Ndjson, Coding::Brotli).await else {
            panic!("the next request takes over");
        };
        assert!(claim.finish(Err(io::Error::other("a bug"))).is_none());
        assert!(matches!(
            store.wait(Format::Ndjson, Coding::Brotli).await,
            Turn::Plain
        ));
    }
}
