//! What a generated crate tells the drift recorder about its spec: for each
//! operation the responses it declares, and for each schema the shape a
//! response body should have. Plain `'static` data, written by the generator
//! into the crate's `drift` module, so the recorder needs no copy of the spec.

/// The spec as the recorder checks responses against it.
#[derive(Debug)]
pub struct Spec {
    /// The operations, sorted by [`Op::id`] (looked up by binary search).
    pub operations: &'static [Op],
    /// The schemas bodies refer to; [`Ty::Named`] indexes this.
    pub types: &'static [Def],
}

/// One operation.
#[derive(Debug)]
pub struct Op {
    /// The `operationId`.
    pub id: &'static str,
    /// JSON pointer to the operation object in the spec.
    pub pointer: &'static str,
    /// The declared responses.
    pub responses: &'static [Resp],
}

/// One declared response.
#[derive(Debug)]
pub struct Resp {
    /// As the spec keys it: `200`, `4XX` or `default`.
    pub status: &'static str,
    /// Its declared media types (essences), with the body's shape for the JSON one.
    pub content: &'static [Media],
}

/// One declared media type of a response.
#[derive(Debug)]
pub struct Media {
    /// E.g. `application/json`.
    pub media_type: &'static str,
    /// The schema a JSON body has, when the spec gives one.
    pub body: Option<Ty>,
}

/// A value's schema.
#[derive(Debug)]
pub enum Ty {
    /// Any JSON value: nothing to check.
    Any,
    /// A string, with its `format`.
    String(Option<&'static str>),
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A schema of [`Spec::types`], by index.
    Named(usize),
    /// An array of these.
    List(&'static Ty),
    /// An object used as a map of these.
    Map(&'static Ty),
}

/// A named schema.
#[derive(Debug)]
pub struct Def {
    /// JSON pointer to the schema in the spec.
    pub pointer: &'static str,
    /// Its shape.
    pub kind: DefKind,
}

/// The shape of a named schema.
#[derive(Debug)]
pub enum DefKind {
    /// An object with declared properties.
    Object {
        /// The declared properties.
        fields: &'static [Field],
        /// The schema of undeclared ones, when `additionalProperties` admits them.
        additional: Option<Ty>,
    },
    /// A string or integer enum; integers as their decimal text.
    Enum(&'static [&'static str]),
    /// One of several schemas (`oneOf`/`anyOf`).
    OneOf(&'static [Ty]),
    /// Another schema under this name.
    Alias(Ty),
}

/// A declared property.
#[derive(Debug)]
pub struct Field {
    /// The JSON property name.
    pub name: &'static str,
    /// Its schema.
    pub ty: Ty,
    /// Whether `null` is declared.
    pub nullable: bool,
    /// Whether its value is a secret (`format: password`): never recorded.
    pub secret: bool,
}

impl Spec {
    /// The operation with this id.
    pub(crate) fn operation(&self, id: &str) -> Option<&Op> {
        let found = self.operations.binary_search_by(|op| op.id.cmp(id));
        found.ok().map(|i| &self.operations[i])
    }
}

impl Op {
    /// The declared response a status falls under: its exact code, else its
    /// `4XX` range, else `default`.
    pub(crate) fn response(&self, status: u16) -> Option<&Resp> {
        let exact = |key: &str| key.parse::<u16>() == Ok(status);
        let range = |key: &str| {
            let key = key.as_bytes();
            key.len() == 3
                && u16::from(key[0].wrapping_sub(b'0')) == status / 100
                && key[1..].eq_ignore_ascii_case(b"XX")
        };
        let find =
            |matches: &dyn Fn(&str) -> bool| self.responses.iter().find(|r| matches(r.status));
        find(&exact)
            .or_else(|| find(&range))
            .or_else(|| find(&|key| key == "default"))
    }
}
