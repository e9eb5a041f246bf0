//! Why a query does not fit the query contract. Each message says what to write instead.

/// A query's parameters do not fit the query contract.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A parameter names no field of the data set.
    #[error("unknown field {name:?}{suggestion}; known fields: {known}")]
    UnknownField {
        /// The name as given.
        name: String,
        /// ", did you mean \"X\"?" or empty.
        suggestion: String,
        /// The data set's fields, comma-separated.
        known: String,
    },
    /// `@name` names no role a field of the data set plays.
    #[error("unknown role \"@{name}\"; {known}")]
    UnknownRole {
        /// The role as given, without its `@`.
        name: String,
        /// The roles there are in this data, said as a sentence.
        known: String,
    },
    /// A parameter starting with `_` that is not an option.
    #[error("unknown option {name:?}; known options: {known}")]
    UnknownOption {
        /// The name as given.
        name: String,
        /// The known options, comma-separated.
        known: String,
    },
    /// An option's value is not one it accepts.
    #[error("invalid value {value:?} for option {name}: {expected}")]
    InvalidOption {
        /// The option.
        name: String,
        /// The value as given.
        value: String,
        /// What would be accepted.
        expected: String,
    },
    /// An option given twice.
    #[error("option {name} is given more than once; give it once")]
    RepeatedOption {
        /// The option.
        name: String,
    },
    /// A required option is missing.
    #[error("option {name} is required here, e.g. {example}")]
    MissingOption {
        /// The option.
        name: String,
        /// A working example.
        example: String,
    },
    /// An option that the route does not take.
    #[error("option {name} does not apply to {route}")]
    OptionNotApplicable {
        /// The option.
        name: String,
        /// The route it was sent to.
        route: String,
    },
    /// A regex-mode value that compiles to a program over the size limit.
    #[error(
        "pattern for {field:?} is too large ({reason}); simplify it, or use _match=substring \
         or _match=token for literal values"
    )]
    PatternTooLarge {
        /// The field the pattern was for.
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// More filters than the contract allows.
    #[error("too many filters ({count}); at most {max} filters may be combined in one query")]
    TooManyFilters {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// An operator that does not exist.
    #[error("unknown operator {operator:?} in \"{field}:{operator}\"; use one of {known}")]
    UnknownOperator {
        /// The operator as given.
        operator: String,
        /// The field it was given for.
        field: String,
        /// The known operators, comma-separated.
        known: String,
    },
    /// A numeric operator was given something that is not a number.
    #[error(
        "{field}:{operator} needs a number, and {value:?} is not a number; write e.g. \
         {field}:{operator}=3"
    )]
    NotANumber {
        /// The field.
        field: String,
        /// The operator.
        operator: &'static str,
        /// The value as given.
        value: String,
    },
    /// `_where` could not be read.
    #[error("_where: {message}")]
    InvalidWhere {
        /// What is wrong, and what to write instead.
        message: String,
    },
    /// Evaluating the query took longer than the server allows; it was stopped.
    #[error(
        "the query took longer than this server's limit of {limit:?} to evaluate \
         (--query-time-limit), and was stopped; narrow it: exact values (Field:eq=…, \
         Field:in=…, _match=token) cost almost nothing, while each regex, substring, number or \
         range test and each _search term scans a field's values, so use fewer of them, fewer \
         _search terms, or add an exact filter"
    )]
    TooSlow {
        /// The limit it ran past.
        limit: std::time::Duration,
    },
}

impl QueryError {
    /// A pattern for `field` refused as too large, for `reason`.
    pub(super) fn pattern_too_large(field: &str, reason: String) -> QueryError {
        QueryError::PatternTooLarge {
            field: field.to_owned(),
            reason,
        }
    }
}
