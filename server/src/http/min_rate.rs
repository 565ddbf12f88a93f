//! A minimum transfer rate for upload bodies, so a client trickling a body a few bytes at a
//! time cannot hold an upload slot and its buffer until the request timeout.
//!
//! The clock starts when the handler first reads the body (not while the request waits for
//! an upload slot). After a grace period, the body must have averaged the minimum rate:
//! by `start + grace + received / rate`, more must have arrived, or the read fails with
//! [`TooSlow`].

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// The error a too-slow body fails with; the handlers answer it with 408.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body arrived too slowly")
    }
}

impl std::error::Error for TooSlow {}

/// How slow an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinRate {
    /// Time before the rate applies.
    pub grace: Duration,
    /// Average bytes per second required after the grace period (at least 1).
    pub bytes_per_sec: u64,
}

impl MinRate {
    /// When the body counts as too slow, having received `received` bytes since `start`.
    fn deadline(&self, start: Instant, received: u64) -> Instant {
        let earned = Duration::from_secs_f64(received as f64 / self.bytes_per_sec.max(1) as f64);
        start + self.grace + earned
    }
}

/// A body that fails with [`TooSlow`] when it falls below its [`MinRate`].
pub struct MinRateBody<B> {
    inner: B,
    rate: MinRate,
    started: Option<Instant>,
    received: u64,
    timer: Pin<Box<Sleep>>,
}

impl<B> MinRateBody<B> {
    /// Wraps `inner`.
    pub fn new(inner: B, rate: MinRate) -> MinRateBody<B> {
        MinRateBody {
            inner,
            rate,
            started: None,
            received: 0,
            timer: Box::pin(tokio::time::sleep(Duration::ZERO)),
        }
    }
}

impl<B> Body for MinRateBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let start = *this.started.get_or_insert_with(Instant::now);
        let deadline = this.rate.deadline(start, this.received);
        // Checked before reading too: a steady trickle always has a frame ready.
        if Instant::now() >= deadline {
            return Poll::Ready(Some(Err(Box::new(TooSlow))));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                this.timer.as_mut().reset(deadline);
                match this.timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(TooSlow)))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, StreamBody};

    fn trickle(every: Duration, chunks: usize) -> impl Body<Data = Bytes, Error = axum::BoxError> {
        chunked(b"0123456789", every, chunks)
    }

    fn chunked(
        chunk: &'static [u8],
        every: Duration,
        chunks: usize,
    ) -> impl Body<Data = Bytes, Error = axum::BoxError> {
        let stream = futures_util::stream::unfold(0, move |n| async move {
            if n == chunks {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((Ok(Frame::data(Bytes::from_static(chunk))), n + 1))
        });
        StreamBody::new(Box::pin(stream))
    }

    const RATE: MinRate = MinRate {
        grace: Duration::from_millis(200),
        bytes_per_sec: 1000,
    };

    #[tokio::test]
    async fn a_body_at_the_rate_is_read_whole() {
        // 20,000 bytes a second against 1000 required: still above it when a loaded machine
        // makes each 5 ms sleep last ten times as long.
        let body = MinRateBody::new(
            Box::pin(chunked(&[7; 100], Duration::from_millis(5), 60)),
            RATE,
        );
        let bytes = body.collect().await.expect("read").to_bytes();
        assert_eq!(bytes.len(), 6000);
    }

    #[tokio::test]
    async fn a_trickle_is_cut_off_soon_after_the_grace_period() {
        let started = Instant::now();
        // 100 bytes a second against 1000 required.
        let body = MinRateBody::new(Box::pin(trickle(Duration::from_millis(100), 100)), RATE);
        let error = body.collect().await.expect_err("cut off");
        assert!(error.is::<TooSlow>());
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn silence_is_cut_off_at_the_end_of_the_grace_period() {
        let started = Instant::now();
        let body = MinRateBody::new(Box::pin(trickle(Duration::from_secs(60), 1)), RATE);
        let error = body.collect().await.expect_err("cut off");
        assert!(error.is::<TooSlow>());
        let waited = started.elapsed();
        assert!(
            waited >= RATE.grace && waited < Duration::from_secs(1),
            "{waited:?}"
        );
    }
}
