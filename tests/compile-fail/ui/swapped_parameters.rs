// The number looked up and the calling number are both strings: given by
// position the wrong way round, as the method used to take them, they must
// not compile.
fn main() {
    let client = voicetel::Client::builder().build().unwrap();
    let (number, ani) = ("2015550100", "2015550199");
    let _ = client.lookups().lrn_lookup(ani, number);
}
