//! Nested JSON read into fields: an object's keys become dotted fields
//! (`location.display_name`), an array of scalars is a list field, and an array of objects
//! gives one list field per key (`locations.name` holds every location's name). Arrays
//! within arrays are flattened into the same list. While it reads, it writes the value's
//! compact JSON, so that the record is answered as it came.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::builder::{Builder, Scalar, boolean, float, integer, scalar};
use super::value::{JsonType, write_json_string, write_value};

/// The deepest nesting read: a record is level 1.
pub(super) const MAX_DEPTH: usize = 32;

/// What a walk does with the scalars it meets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Inside objects only: a scalar is its path's value, an array its path's list.
    Object,
    /// An element of such a list: a scalar is read back from the list's JSON, an object's
    /// keys give lists, and an array is kept as JSON text.
    Element,
    /// Inside an array of objects: a scalar is one more item of its path's list.
    InArray,
    /// Kept as JSON text only.
    Plain,
}

/// Reads one nested value (an object or an array) under field `field` at `depth`, writing
/// its compact JSON to `out`.
pub(super) struct Walk<'b> {
    pub(super) builder: &'b mut Builder,
    pub(super) field: usize,
    pub(super) depth: usize,
    pub(super) out: &'b mut Vec<u8>,
    mode: Mode,
}

/// What a walk read: the JSON type of the value whose JSON it wrote (a scalar's own type,
/// [`JsonType::Array`] for a list, [`JsonType::Object`] for what dotted fields hold).
pub(super) struct Walked<'de>(pub(super) JsonType, pub(super) Option<Scalar<'de>>);

impl<'b> Walk<'b> {
    /// A walk of the value of a record's key (field `field`).
    pub(super) fn top(builder: &'b mut Builder, field: usize, out: &'b mut Vec<u8>) -> Walk<'b> {
        Walk {
            builder,
            field,
            depth: 2,
            out,
            mode: Mode::Object,
        }
    }

    fn child(&mut self, field: usize, mode: Mode) -> Walk<'_> {
        Walk {
            builder: &mut *self.builder,
            field,
            depth: self.depth + 1,
            out: &mut *self.out,
            mode,
        }
    }

    fn too_deep<E: de::Error>(&self) -> Result<(), E> {
        if self.depth > MAX_DEPTH {
            return Err(E::custom(format_args!(
                "record {} nests objects and arrays more than {MAX_DEPTH} levels deep (at \
                 {:?}); flatten the data before loading it",
                self.builder.records(),
                self.builder.field_name(self.field)
            )));
        }
        Ok(())
    }

    /// A scalar met on the walk: written, and in an array of objects an item of its list.
    fn scalar<'de, E>(self, value: Scalar<'de>) -> Result<Walked<'de>, E> {
        let start = self.out.len();
        write_value(value.json_type, &value.text, self.out);
        if self.mode == Mode::InArray && value.json_type != JsonType::Null {
            self.builder.push_item(self.field, &self.out[start..]);
        }
        Ok(Walked(value.json_type, Some(value)))
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Walked<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Walked<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Walked<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Walked<'de>, E> {
        self.scalar(scalar(JsonType::Null, Cow::Borrowed(""), None))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Walked<'de>, E> {
        self.scalar(boolean(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Walked<'de>, E> {
        self.scalar(integer(v, v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Walked<'de>, E> {
        self.scalar(integer(v, v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Walked<'de>, E> {
        self.scalar(float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Walked<'de>, E> {
        self.scalar(scalar(JsonType::String, Cow::Borrowed(v), None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Walked<'de>, E> {
        self.scalar(scalar(JsonType::String, Cow::Owned(v.to_owned()), None))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Walked<'de>, A::Error> {
        self.too_deep()?;
        self.out.push(b'{');
        let mut first = true;
        while let Some(CowStr(key)) = map.next_key::<CowStr<'de>>()? {
            if !first {
                self.out.push(b',');
            }
            first = false;
            write_json_string(&key, self.out);
            self.out.push(b':');
            let mode = match self.mode {
                Mode::Object => Mode::Object,
                Mode::Element | Mode::InArray => Mode::InArray,
                Mode::Plain => Mode::Plain,
            };
            let field = match mode {
                Mode::Plain => self.field,
                _ => self
                    .builder
                    .nested_field(self.field, &key)
                    .map_err(de::Error::custom)?,
            };
            let value_start = self.out.len();
            let Walked(json_type, value) = map.next_value_seed(self.child(field, mode))?;
            if mode == Mode::Object {
                let value = match value {
                    Some(value) => value,
                    None => {
                        let text = String::from_utf8_lossy(&self.out[value_start..]).into_owned();
                        scalar(json_type, Cow::Owned(text), None)
                    }
                };
                self.builder
                    .push_nested(field, value)
                    .map_err(de::Error::custom)?;
            }
        }
        self.out.push(b'}');
        Ok(Walked(JsonType::Object, None))
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Walked<'de>, A::Error> {
        self.too_deep()?;
        self.out.push(b'[');
        let (mut count, mut objects) = (0usize, 0usize);
        loop {
            if count > 0 {
                self.out.push(b',');
            }
            // Objects in an array give their keys' lists; in an array of objects, anything
            // else is one more item of the list it is in, flattened.
            let (field, mode) = (
                self.field,
                match self.mode {
                    Mode::Object => Mode::Element,
                    Mode::InArray => Mode::InArray,
                    Mode::Element | Mode::Plain => Mode::Plain,
                },
            );
            let Some(Walked(json_type, _)) = seq.next_element_seed(self.child(field, mode))? else {
                if count > 0 {
                    self.out.pop();
                }
                break;
            };
            count += 1;
            if json_type == JsonType::Object {
                objects += 1;
            }
        }
        self.out.push(b']');
        let kind = if count > 0 && objects == count {
            JsonType::Object
        } else {
            JsonType::Array
        };
        Ok(Walked(kind, None))
    }
}

/// A map key, borrowed from the input where possible.
pub(super) struct CowStr<'de>(pub(super) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use crate::dataset::{Dataset, Kind};

    const API: &str = r#"{"count": 2, "results": [
        {"id": "1", "title": "Data Analyst",
         "location": {"display_name": "Seattle, WA", "area": ["US", "Washington", "Seattle"]},
         "company": {"display_name": "Acme"}, "skills": ["SQL", "Excel"],
         "locations": [{"name": "Seattle"}, {"name": "Remote", "geo": {"tz": "PST"}}]},
        {"id": "2", "title": "Engineer", "location": {"display_name": "Austin, TX"},
         "skills": [], "locations": [], "salary_min": 90000}
    ]}"#;

    #[test]
    fn nested_objects_and_arrays_become_fields_and_records_come_back_as_they_were() {
        let d = Dataset::from_json(API.as_bytes()).unwrap();
        assert_eq!(d.records_key(), Some("results"));
        assert_eq!(d.len(), 2);
        let names: Vec<&str> = d.fields().iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "id",
                "title",
                "location.display_name",
                "location.area",
                "company.display_name",
                "skills",
                "locations.name",
                "locations.geo.tz",
                "salary_min"
            ]
        );
        // The records are answered as they were, compact, in their key order.
        let back: serde_json::Value = serde_json::from_slice(d.record_json(0)).unwrap();
        let given: serde_json::Value = serde_json::from_str(API).unwrap();
        assert_eq!(back, given["results"][0]);
        assert!(
            d.record_json(0)
                .starts_with(br#"{"id":"1","title":"Data Analyst","location":{"#)
        );
        let field = |name| d.field(name).unwrap();
        assert_eq!(field("location.display_name").posting("austin, tx"), [1]);
        assert_eq!(field("location.area").kind(), Kind::List);
        assert_eq!(field("location.area").posting("washington"), [0]);
        assert_eq!(field("skills").posting("sql"), [0]);
        assert_eq!(field("locations.name").posting("remote"), [0]);
        assert_eq!(field("locations.geo.tz").posting("pst"), [0]);
        // `locations` holds objects only (and an empty array): its keys are its fields.
        assert!(d.field("locations").is_none());
        assert_eq!(field("salary_min").kind(), Kind::Number);
        assert_eq!(field("id").kind(), Kind::Text);
    }

    #[test]
    fn nesting_too_deep_is_refused_with_the_record() {
        let deep = format!("[{{\"a\": {}1{}}}]", "[".repeat(40), "]".repeat(40));
        let err = Dataset::from_json(deep.as_bytes()).unwrap_err().to_string();
        assert!(
            err.contains("record 0 nests objects and arrays more than 32 levels"),
            "{err}"
        );
        let fine = format!("[{{\"a\": {}1{}}}]", "[".repeat(20), "]".repeat(20));
        assert!(Dataset::from_json(fine.as_bytes()).is_ok());
    }

    #[test]
    fn a_key_that_is_sometimes_an_object_is_text_where_it_is_not() {
        let d = Dataset::from_json(br#"[{"location": "Paris"}, {"location": {"city": "Lyon"}}]"#)
            .unwrap();
        assert_eq!(d.field("location").unwrap().posting("paris"), [0]);
        assert_eq!(d.field("location.city").unwrap().posting("lyon"), [1]);
    }
}
