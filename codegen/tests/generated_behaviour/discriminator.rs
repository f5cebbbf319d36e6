//! Unions with a discriminator decode by the tag, keep unknown tags, and
//! write the tag when serializing.

use discriminator::types::{Pet, Shape};
use serde_json::{json, Value};

fn pet(value: Value) -> Pet {
    serde_json::from_value(value).expect("decodes")
}

fn shape(value: Value) -> Shape {
    serde_json::from_value(value).expect("decodes")
}

#[test]
fn the_tag_picks_the_alternative_even_when_another_fits_first() {
    // `Cat` (first, needs `kind` and `name`) fits too: untagged decoding would pick it.
    let Pet::Dog(dog) = pet(json!({"kind": "dog", "name": "Rex", "barks": true})) else {
        panic!("`dog` is a Dog");
    };
    assert_eq!(dog.name, "Rex");
    assert_eq!(dog.barks, Some(true));
    assert!(matches!(pet(json!({"kind": "puppy", "name": "Bo"})), Pet::Dog(_)));
    let Pet::Cat(cat) = pet(json!({"kind": "cat", "name": "Tom", "lives": 9})) else {
        panic!("`cat` is a Cat");
    };
    assert_eq!((cat.kind.as_str(), cat.lives), ("cat", Some(9)));
}

#[test]
fn an_unknown_or_missing_tag_is_kept_as_it_came() {
    let parrot = json!({"kind": "parrot", "name": "Polly"});
    assert_eq!(pet(parrot.clone()), Pet::Unknown(parrot.clone()));
    assert_eq!(serde_json::to_value(pet(parrot.clone())).unwrap(), parrot);
    let untagged = json!({"name": "Rex"});
    assert_eq!(pet(untagged.clone()), Pet::Unknown(untagged));
}

#[test]
fn a_known_tag_on_the_wrong_shape_is_an_error() {
    let err = serde_json::from_value::<Pet>(json!({"kind": "cat", "lives": 3})).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
}

#[test]
fn serializing_writes_the_tag_and_round_trips() {
    // Dog has no `kind` property: the union adds its first mapped value.
    let dog = pet(json!({"kind": "puppy", "name": "Rex"}));
    let written = serde_json::to_value(&dog).unwrap();
    assert_eq!(written, json!({"kind": "dog", "name": "Rex"}));
    assert_eq!(pet(written), dog);
    // Cat carries its own tag.
    let cat = json!({"kind": "cat", "name": "Tom"});
    assert_eq!(serde_json::to_value(pet(cat.clone())).unwrap(), cat);
}

#[test]
fn without_mapping_the_enum_value_or_the_component_name_is_the_tag() {
    assert!(matches!(shape(json!({"type": "circle", "radius": 1.5})), Shape::Circle(_)));
    let square = shape(json!({"type": "Square", "side": 2.0}));
    assert!(matches!(square, Shape::Square(_)));
    let no_tag = shape(json!({"side": 2.0, "type": null}));
    // A null tag is no tag: the value is not a Square by its tag, and no untagged alternative fits.
    assert!(matches!(no_tag, Shape::Unknown(_)));
    // Square's optional `type` is unset: the component name is written.
    let Shape::Square(mut s) = square else { unreachable!() };
    s.r#type = None;
    assert_eq!(
        serde_json::to_value(Shape::Square(s)).unwrap(),
        json!({"type": "Square", "side": 2.0})
    );
}

#[test]
fn untagged_alternatives_are_tried_before_the_fallback() {
    let Shape::Polygon(p) = shape(json!({"type": "polygon", "points": [1.0, 2.0]})) else {
        panic!("a value with `points` is a polygon");
    };
    assert_eq!(p.points, vec![1.0, 2.0]);
    let hexagon = json!({"type": "hexagon", "sides": 6});
    assert_eq!(shape(hexagon.clone()), Shape::Unknown(hexagon));
}
