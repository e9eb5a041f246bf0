//! Each record's keys in the order they came (each distinct order kept once), and writing
//! every record's compact JSON back from the columns in that order.

use hashbrown::HashMap;

use super::index::Column;
use super::value::write_json_string;

/// The order of each record's keys, so that its JSON can be written back as it came: each
/// distinct order once (nearly every record shares one), and each record's order number.
#[derive(Default)]
pub(super) struct Shapes {
    orders: Vec<Box<[u32]>>,
    numbers: HashMap<Box<[u32]>, u32>,
    /// Each record's order number.
    pub(super) per_record: Vec<u32>,
}

impl Shapes {
    /// Records that the next record's keys came in `order`.
    pub(super) fn push(&mut self, order: &[u32]) {
        let last = self.per_record.last().copied();
        let number = match last {
            Some(n) if *self.orders[n as usize] == *order => n,
            _ => match self.numbers.get(order) {
                Some(&n) => n,
                None => {
                    let n = self.orders.len() as u32;
                    self.orders.push(order.into());
                    self.numbers.insert(order.into(), n);
                    n
                }
            },
        };
        self.per_record.push(number);
    }

    /// Field number `position` of the previous record, if it had that many.
    pub(super) fn previous(&self, position: usize) -> Option<u32> {
        let &n = self.per_record.last()?;
        self.orders[n as usize].get(position).copied()
    }
}

/// `[rec0,rec1,…]`, each record's compact JSON with its keys in the order they came, and
/// where each record starts, plus one offset past the last.
pub(super) fn records_json(columns: &[Column], shapes: &Shapes) -> (Vec<u8>, Vec<usize>) {
    let n = shapes.per_record.len();
    if n == 0 {
        return (b"[]".to_vec(), vec![1]);
    }
    let keys: Vec<Vec<u8>> = columns
        .iter()
        .map(|c| {
            let mut key = Vec::new();
            write_json_string(&c.name, &mut key);
            key.push(b':');
            key
        })
        .collect();
    let mut json = vec![b'['];
    let mut offsets = Vec::with_capacity(n + 1);
    // Where each column was last read: records are written in order, so a sparse column
    // is read straight through.
    let mut cursors = vec![0usize; columns.len()];
    for (record, &shape) in shapes.per_record.iter().enumerate() {
        offsets.push(json.len());
        json.push(b'{');
        for (position, &field) in shapes.orders[shape as usize].iter().enumerate() {
            if position > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&keys[field as usize]);
            let column = &columns[field as usize];
            let id = column
                .records
                .get_ascending(record as u32, &mut cursors[field as usize]);
            if let Some(value) = id.and_then(|id| column.values.get(id as usize)) {
                value.write_json(&mut json);
            }
        }
        json.extend_from_slice(b"},");
    }
    if let Some(last) = json.last_mut() {
        // The comma after the last record becomes the closing bracket.
        *last = b']';
    }
    offsets.push(json.len());
    (json, offsets)
}
