//! Consuming a paginated list's [`Items`] without a futures crate: the two
//! things callers almost always do with the stream, as inherent methods.

use std::pin::Pin;

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::paginate::Items;

impl<T: DeserializeOwned + Send + Unpin + 'static> Items<T> {
    /// The next item, fetching the next page when the current one is used
    /// up; `Ok(None)` after the last item.
    ///
    /// # Errors
    /// The error that ended the walk (a failed page request, an undecodable
    /// page, a repeated cursor); the stream ends after it.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// Every remaining item of every page, in order.
    ///
    /// # Errors
    /// As [`try_next`](Self::try_next); the items read before it are dropped.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.try_next().await? {
            all.push(item);
        }
        Ok(all)
    }
}
