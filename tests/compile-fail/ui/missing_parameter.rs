// A required parameter left out of the named values is an error naming it.
use voicetel::apis::lookups::LrnLookupRequired;

fn main() {
    let client = voicetel::Client::builder().build().unwrap();
    let _ = client.lookups().lrn_lookup(LrnLookupRequired {
        number: "2015550100".into(),
    });
}
