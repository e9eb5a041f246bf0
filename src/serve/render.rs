//! Response bodies for record lists: a JSON array, NDJSON or CSV, with optional projection,
//! rendered in chunks (a workbook is built whole, by `xlsx`). Whole records are copied from their JSON bytes kept at load time, not
//! serialized again; `/data/all` is sent as slices of the bytes built at load.

use std::borrow::Cow;
use std::convert::Infallible;
use std::sync::Arc;

use actix_web::body::SizedStream;
use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};

use super::pool::StreamSlot;
use super::state::Snapshot;
use crate::dataset::{Dataset, Field, write_json_string};
use crate::filter::Format;

impl Format {
    /// The file name extension of a body in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The Content-Type of a body in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => super::xlsx::CONTENT_TYPE,
        }
    }
}

/// How many bytes the first chunk of a rendered body holds, about: an answer that fits is
/// sent whole (and compressed). Smaller chunks cost throughput: at 64 KiB, a 370 KB answer
/// ran at a third of the rate it has as one chunk.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// How many bytes each later chunk of a streamed body holds, about: what a client that
/// stops reading keeps in memory.
pub const STREAM_CHUNK_BYTES: usize = 256 * 1024;

/// The fewest consecutive records sent as a shared slice of the JSON kept at load
/// (about 100 KB at our records' size) rather than copied; shorter runs are copied, as
/// tiny pieces would cost more than the copy.
const MIN_SHARED_RUN: usize = 256;

/// A list of records rendered lazily, the first chunk of about [`CHUNK_BYTES`], the rest of
/// [`STREAM_CHUNK_BYTES`]: a response never holds more than one chunk per connection,
/// however many records match.
pub struct Chunks {
    snapshot: Arc<Snapshot>,
    records: Vec<u32>,
    start: usize,
    next: usize,
    end: usize,
    fields: Option<Vec<usize>>,
    format: Format,
    defuse_formulas: bool,
    started: bool,
    finished: bool,
}

impl Chunks {
    /// Renders `records[start..end]` of `snapshot` in `format`, keeping only `fields` (in
    /// that order) when given.
    pub fn new(
        snapshot: Arc<Snapshot>,
        records: Vec<u32>,
        (start, end): (usize, usize),
        fields: Option<Vec<usize>>,
        format: Format,
    ) -> Chunks {
        Chunks {
            snapshot,
            records,
            start,
            next: start,
            end,
            fields,
            format,
            defuse_formulas: false,
            started: false,
            finished: false,
        }
    }

    /// About how many bytes the whole answer takes: its records at their average size in
    /// the data, scaled to the share of fields kept.
    pub fn estimated_bytes(&self) -> usize {
        let dataset = &self.snapshot.dataset;
        let average = dataset.all_json().len() / dataset.len().max(1);
        let whole = (self.end - self.next).saturating_mul(average);
        match &self.fields {
            Some(kept) => whole / dataset.fields().len().max(1) * kept.len().max(1),
            None => whole,
        }
    }

    /// The records from `next` on that follow each other in the data, when there are at
    /// least [`MIN_SHARED_RUN`] of them: sent as one shared slice of the JSON kept at load
    /// (of about [`STREAM_CHUNK_BYTES`]), with no copy made. Pages of unfiltered or
    /// unsorted data are such runs.
    fn shared_run(&mut self) -> Option<Bytes> {
        let count = self.shared_run_len();
        if count == 0 {
            return None;
        }
        let first = self.records[self.next];
        self.started = true;
        self.next += count;
        Some(self.snapshot.dataset.json_run(first, count))
    }

    /// How many records [`Self::shared_run`] would send now: 0 when the next piece is
    /// rendered by copying.
    fn shared_run_len(&self) -> usize {
        if self.format != Format::Json || self.fields.is_some() {
            return 0;
        }
        let Some(&first) = self.records.get(self.next) else {
            return 0;
        };
        // The first piece may be a run only from record 0 (whose run opens the array), and
        // only for an answer too big for one piece (a smaller one is sent whole).
        let opening = !self.started;
        if opening && (first != 0 || self.estimated_bytes() <= CHUNK_BYTES) {
            return 0;
        }
        if !opening && (self.next == self.start || first == 0) {
            return 0;
        }
        let size = if opening {
            CHUNK_BYTES
        } else {
            STREAM_CHUNK_BYTES
        };
        let dataset = &self.snapshot.dataset;
        let (mut count, mut bytes) = (0usize, 0usize);
        while bytes < size
            && self.next + count < self.end
            && self.records[self.next + count] as usize == first as usize + count
        {
            bytes += dataset.record_json(first + count as u32).len() + 1;
            count += 1;
        }
        if count < MIN_SHARED_RUN { 0 } else { count }
    }

    /// Whether the next piece costs next to nothing: a shared slice, or the closing
    /// bracket. Such a piece is made right away rather than in the pool for heavy work.
    pub fn next_is_cheap(&self) -> bool {
        self.next >= self.end || self.shared_run_len() > 0
    }

    /// Whether every chunk has been rendered.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// For CSV that a person will open in a spreadsheet: every cell is quoted, so that no
    /// separator setting splits one, and cells that would run as formulas (see
    /// [`runs_as_formula`]) get a leading `'`, the header's included.
    pub fn defusing_formulas(mut self, defuse: bool) -> Chunks {
        self.defuse_formulas = defuse;
        self
    }
}

impl Iterator for Chunks {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        if self.finished {
            return None;
        }
        if let Some(piece) = self.shared_run() {
            return Some(piece);
        }
        let dataset = &self.snapshot.dataset;
        let fields = self.fields.as_deref();
        let size = if self.started {
            STREAM_CHUNK_BYTES
        } else {
            CHUNK_BYTES
        };
        let mut out = Vec::with_capacity(size + 4096);
        if !self.started {
            self.started = true;
            match self.format {
                Format::Json => out.push(b'['),
                // A workbook is never rendered in chunks (see `list`).
                Format::Ndjson | Format::Xlsx => {}
                Format::Csv => csv_header(dataset, fields, self.defuse_formulas, &mut out),
            }
        }
        while self.next < self.end && out.len() < size {
            let record = self.records[self.next];
            match self.format {
                Format::Json => {
                    if self.next > self.start {
                        out.push(b',');
                    }
                    object(dataset, record, fields, &mut out);
                }
                Format::Ndjson => {
                    object(dataset, record, fields, &mut out);
                    out.push(b'\n');
                }
                Format::Csv => csv_row(dataset, record, fields, self.defuse_formulas, &mut out),
                Format::Xlsx => {}
            }
            self.next += 1;
        }
        if self.next >= self.end {
            self.finished = true;
            if self.format == Format::Json {
                out.push(b']');
            }
        }
        Some(Bytes::from(out))
    }
}

/// A body of more than one chunk: `first`, then the rest of `chunks`, each rendered in the
/// pool for heavy work while `slot` is held (it is let go when the body is dropped: sent,
/// or its client gone). A piece that fails to render ends the body with an error, so the
/// client sees a cut answer, never a short one that looks whole.
pub fn streamed(
    first: Bytes,
    chunks: Chunks,
    slot: StreamSlot,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    let rest = futures_util::stream::unfold((Some(chunks), slot), |(chunks, slot)| async move {
        let mut chunks = chunks.filter(|c| !c.is_finished())?;
        if chunks.next_is_cheap() {
            let piece = chunks.next()?;
            return Some((Ok(piece), (Some(chunks), slot)));
        }
        let rendered = slot
            .run(move || {
                let mut chunks = chunks;
                (chunks.next(), chunks)
            })
            .await;
        match rendered {
            Some((Some(piece), chunks)) => Some((Ok(piece), (Some(chunks), slot))),
            Some((None, _)) => None,
            None => Some((
                Err(std::io::Error::other("rendering the answer failed")),
                (None, slot),
            )),
        }
    });
    futures_util::stream::once(async move { Ok(first) }).chain(rest)
}

/// The most bytes handed to the connection at once from the prebuilt `/data/all` body: a
/// slow reader holds one slice in the write buffer, not a copy of the whole body (a
/// 1M-record `/data/all` is 376 MB).
const SHARED_CHUNK_BYTES: usize = 256 * 1024;

/// A shared body with a known length, streamed in [`SHARED_CHUNK_BYTES`] slices without
/// copying.
pub fn shared_slices(bytes: Bytes) -> SizedStream<impl Stream<Item = Result<Bytes, Infallible>>> {
    let len = bytes.len();
    let chunks = (0..len.div_ceil(SHARED_CHUNK_BYTES)).map(move |i| {
        let start = i * SHARED_CHUNK_BYTES;
        Ok(bytes.slice(start..len.min(start + SHARED_CHUNK_BYTES)))
    });
    SizedStream::new(len as u64, futures_util::stream::iter(chunks))
}

/// One record as a JSON object: the bytes kept at load time, or the projected fields.
fn object(dataset: &Dataset, record: u32, fields: Option<&[usize]>, out: &mut Vec<u8>) {
    let Some(fields) = fields else {
        out.extend_from_slice(dataset.record_json(record));
        return;
    };
    out.push(b'{');
    let mut first = true;
    for &f in fields {
        let field = &dataset.fields()[f];
        let Some(value) = field.value_of(record) else {
            continue;
        };
        if !first {
            out.push(b',');
        }
        first = false;
        write_json_string(&field.name, out);
        out.push(b':');
        value.write_json(out);
    }
    out.push(b'}');
}

/// RFC 4180 CSV: a header row of field names, in order.
fn csv_header(dataset: &Dataset, fields: Option<&[usize]>, defuse: bool, out: &mut Vec<u8>) {
    let names: Vec<&str> = match fields {
        Some(fields) => fields
            .iter()
            .map(|&f| dataset.fields()[f].name.as_str())
            .collect(),
        None => dataset.columns().iter().map(|f| f.name.as_str()).collect(),
    };
    write_csv_row(names.iter().map(|n| defused(n, defuse)), defuse, out);
}

/// One CSV row; missing and null values are empty cells.
fn csv_row(
    dataset: &Dataset,
    record: u32,
    fields: Option<&[usize]>,
    defuse: bool,
    out: &mut Vec<u8>,
) {
    fn cell(f: &Field, record: u32, defuse: bool) -> Cow<'_, [u8]> {
        let text = f
            .value_of(record)
            .filter(|v| !v.is_null())
            .map_or("", |v| v.text);
        defused(text, defuse)
    }
    let cell = |f| cell(f, record, defuse);
    match fields {
        Some(fields) => write_csv_row(
            fields.iter().map(|&f| cell(&dataset.fields()[f])),
            defuse,
            out,
        ),
        None => write_csv_row(dataset.columns().iter().map(cell), defuse, out),
    }
}

/// `text` as a downloaded cell: with a leading `'` when it would run as a formula, so a
/// spreadsheet shows it as text; as it is otherwise, or when not `defuse`.
fn defused(text: &str, defuse: bool) -> Cow<'_, [u8]> {
    if defuse && runs_as_formula(text) {
        Cow::Owned([&b"'"[..], text.as_bytes()].concat())
    } else {
        Cow::Borrowed(text.as_bytes())
    }
}

/// Whether a spreadsheet could take a cell starting with `text` for a formula (OWASP's CSV
/// injection list, and what it leaves open): a first tab, carriage return or NUL; or, after
/// any blanks (Unicode white space, a no-break space included, and the invisible zero-width
/// spaces) and any `;` or `|` (separators a spreadsheet may be set to split on, which would
/// start a new cell there), a `=`, `+`, `-` or `@`, or their full-width forms. A number such
/// as `-5` is prefixed too, as it always was.
fn runs_as_formula(text: &str) -> bool {
    if text.starts_with(['\t', '\r', '\0']) {
        return true;
    }
    let blank = |c: char| {
        c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
    };
    text.trim_start_matches(|c: char| blank(c) || matches!(c, ';' | '|'))
        .starts_with([
            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
        ])
}

/// One CSV row; when `quote_all` (downloads), every cell is quoted.
fn write_csv_row<C: AsRef<[u8]>>(
    cells: impl Iterator<Item = C>,
    quote_all: bool,
    out: &mut Vec<u8>,
) {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(if quote_all {
            ::csv::QuoteStyle::Always
        } else {
            ::csv::QuoteStyle::Necessary
        })
        .from_writer(out);
    // Writing into a Vec cannot fail; the results are ignored for that reason.
    let _ = writer.write_record(cells);
    let _ = writer.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::SelectionCache;

    fn snapshot(json: &str) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            dataset: Dataset::from_json(json.as_bytes()).unwrap(),
            cache: SelectionCache::default(),
            precompressed: Default::default(),
        })
    }

    fn render(
        s: &Arc<Snapshot>,
        records: &[u32],
        fields: Option<Vec<usize>>,
        format: Format,
    ) -> String {
        let chunks = Chunks::new(
            Arc::clone(s),
            records.to_vec(),
            (0, records.len()),
            fields,
            format,
        );
        let bytes: Vec<u8> = chunks.flat_map(|b| b.to_vec()).collect();
        String::from_utf8(bytes).unwrap()
    }

    const DATA: &str = r#"[{"Id": 1, "T": "a, \"b\"", "N": null},
                           {"Id": 2, "T": "=1+1\nx"},
                           {"T": "only", "Id": 3, "N": true}]"#;

    #[test]
    fn renders_each_format_with_and_without_projection() {
        let s = snapshot(DATA);
        assert_eq!(
            render(&s, &[2, 0], None, Format::Json),
            r#"[{"T":"only","Id":3,"N":true},{"Id":1,"T":"a, \"b\"","N":null}]"#
        );
        assert_eq!(
            render(&s, &[1, 2], Some(vec![2, 0]), Format::Ndjson),
            "{\"Id\":2}\n{\"N\":true,\"Id\":3}\n"
        );
        assert_eq!(
            render(&s, &[0, 1, 2], None, Format::Csv),
            "Id,T,N\r\n1,\"a, \"\"b\"\"\",\r\n2,\"=1+1\nx\",\r\n3,only,true\r\n"
        );
        assert_eq!(render(&s, &[], None, Format::Json), "[]");
        let safe = Chunks::new(Arc::clone(&s), vec![1], (0, 1), Some(vec![1]), Format::Csv)
            .defusing_formulas(true)
            .flat_map(|b| b.to_vec())
            .collect::<Vec<u8>>();
        assert_eq!(
            String::from_utf8(safe).unwrap(),
            "\"T\"\r\n\"'=1+1\nx\"\r\n"
        );
        assert_eq!(render(&s, &[], Some(vec![1]), Format::Csv), "T\r\n");
        assert_eq!(Format::Csv.content_type(), "text/csv; charset=utf-8");
    }

    #[test]
    fn downloads_defuse_every_way_a_cell_can_start_a_formula() {
        let defused = [
            "=1+1",
            "+1",
            "-5",
            "@SUM(A1)",
            "\t=1",
            "\tplain",
            "\rx",
            "\0x",
            " =1+1",
            "   @x",
            "\u{A0}=1+1",
            "\u{2007}+1",
            "\u{3000}-1",
            "\u{200B}=1",
            "\u{FEFF}=1",
            "\n=1",
            ";=1+1",
            "|=1+1",
            "; =1",
            ";;|@x",
            "\u{A0};\u{A0}-1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
        ];
        for text in defused {
            assert!(runs_as_formula(text), "{text:?} passed");
        }
        let kept = [
            "", "plain", "5", "a=1", "C++", "x-ray", "  Austin", ";", "|pipe", "; plain", "'=1",
            "\u{A0}",
        ];
        for text in kept {
            assert!(!runs_as_formula(text), "{text:?} changed");
        }
        assert_eq!(defused_text(" =1"), "' =1");
        assert_eq!(defused_text("plain"), "plain");
    }

    fn defused_text(text: &str) -> String {
        String::from_utf8(defused(text, true).into_owned()).unwrap()
    }

    #[test]
    fn downloads_quote_every_cell_and_defuse_the_header() {
        let s = snapshot(r#"[{"=Name": " =1+1", "N": 5, "T": "a;=b"}]"#);
        let download = Chunks::new(Arc::clone(&s), vec![0], (0, 1), None, Format::Csv)
            .defusing_formulas(true)
            .flat_map(|b| b.to_vec())
            .collect::<Vec<u8>>();
        assert_eq!(
            String::from_utf8(download).unwrap(),
            "\"'=Name\",\"N\",\"T\"\r\n\"' =1+1\",\"5\",\"a;=b\"\r\n"
        );
        assert_eq!(
            render(&s, &[0], None, Format::Csv),
            "=Name,N,T\r\n =1+1,5,a;=b\r\n"
        );
    }

    #[test]
    fn large_lists_come_in_chunks_that_join_into_one_document() {
        let records: Vec<serde_json::Value> = (0..20_000)
            .map(|i| serde_json::json!({ "Id": i, "Text": "x".repeat(100) }))
            .collect();
        let s = snapshot(&serde_json::Value::Array(records).to_string());
        let all: Vec<u32> = (0..20_000).collect();
        let chunks: Vec<Bytes> =
            Chunks::new(Arc::clone(&s), all, (5, 20_000), None, Format::Json).collect();
        assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
        assert!(chunks[0].len() >= CHUNK_BYTES);
        assert!(chunks[0].len() <= CHUNK_BYTES + 4096);
        assert!(
            chunks[1..]
                .iter()
                .all(|c| c.len() <= STREAM_CHUNK_BYTES + 4096)
        );
        let joined: Vec<u8> = chunks.iter().flat_map(|c| c.to_vec()).collect();
        let parsed: serde_json::Value = serde_json::from_slice(&joined).unwrap();
        assert_eq!(parsed.as_array().map(Vec::len), Some(19_995));
        assert_eq!(parsed[0]["Id"], 5);
    }

    #[test]
    fn runs_of_records_are_shared_and_the_document_is_the_same() {
        let records: Vec<serde_json::Value> = (0..20_000)
            .map(|i| serde_json::json!({ "Id": i, "Text": "x".repeat(100) }))
            .collect();
        let s = snapshot(&serde_json::Value::Array(records).to_string());
        // Runs long and short, record 0 in the middle, a reversed stretch, and a run that
        // ends the list.
        let mut order: Vec<u32> = vec![7];
        order.extend(0..5_000);
        order.extend((5_000..5_100).rev());
        order.extend(9_000..9_100);
        order.extend(12_000..20_000);
        for (start, end) in [
            (0, order.len()),
            (3, order.len() - 10),
            (0, 1),
            (4_000, 4_001),
        ] {
            let chunks: Vec<Bytes> = Chunks::new(
                Arc::clone(&s),
                order.clone(),
                (start, end),
                None,
                Format::Json,
            )
            .collect();
            let joined: Vec<u8> = chunks.iter().flat_map(|c| c.to_vec()).collect();
            let mut want = Vec::new();
            s.dataset.write_records(&order[start..end], &mut want);
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
        // The pieces after the first are shared with the data set's JSON, not copied.
        let all = s.dataset.all_json();
        let range = all.as_ptr() as usize..all.as_ptr() as usize + all.len();
        let chunks: Vec<Bytes> = Chunks::new(
            Arc::clone(&s),
            order.clone(),
            (0, order.len()),
            None,
            Format::Json,
        )
        .collect();
        assert!(
            chunks[1..]
                .iter()
                .any(|c| range.contains(&(c.as_ptr() as usize)))
        );
        assert!(!range.contains(&(chunks[0].as_ptr() as usize)));
        // A big list from record 0 in file order (an unfiltered page) is shared from its
        // first piece on, which opens the array; a small one is still one piece, copied.
        let from_zero = |end: usize| -> Vec<Bytes> {
            Chunks::new(
                Arc::clone(&s),
                (0..20_000).collect(),
                (0, end),
                None,
                Format::Json,
            )
            .collect()
        };
        let big = from_zero(20_000);
        assert!(range.contains(&(big[0].as_ptr() as usize)));
        assert!(big[0].starts_with(b"[{") && big[0].len() > STREAM_CHUNK_BYTES);
        let joined: Vec<u8> = big.iter().flat_map(|c| c.to_vec()).collect();
        assert_eq!(joined, all.to_vec());
        let small = from_zero(100);
        assert_eq!(small.len(), 1);
        assert!(!range.contains(&(small[0].as_ptr() as usize)));
    }

    #[test]
    fn shared_slices_keep_the_bytes_and_the_length() {
        let bytes = Bytes::from(vec![7u8; SHARED_CHUNK_BYTES * 2 + 3]);
        let body = shared_slices(bytes.clone());
        assert_eq!(
            actix_web::body::MessageBody::size(&body),
            actix_web::body::BodySize::Sized(bytes.len() as u64)
        );
    }
}
