//! Nothing but a home for `tests/ui.rs`: calls to the generated VoiceTel
//! client in `ui/` that must not compile, with the errors they must give.
