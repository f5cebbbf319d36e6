// A required field left out of the named fields is an error naming it.
use voicetel::types::{MessageSendRequest, MessageSendRequestRequired};

fn main() {
    let _ = MessageSendRequest::new(MessageSendRequestRequired {
        from_number: "2015550100".into(),
        text: "hello".into(),
    });
}
