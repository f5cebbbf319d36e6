// The sender and the recipient of a message are both strings: given by
// position the wrong way round, as `new` used to take them, they must not
// compile.
use voicetel::types::MessageSendRequest;

fn main() {
    let (from, to) = ("2015550100", "2015550199");
    let _ = MessageSendRequest::new(to, "hello", from);
}
