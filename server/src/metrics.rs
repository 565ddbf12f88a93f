//! What operators scrape at `/metrics`, in Prometheus's text format: request latency by route
//! template, the database pool and (SQLite) the writers' queue, upload slots and the photo
//! queue. Request counts are recorded as requests finish; the rest is read at each scrape.

use crate::db::Db;
use crate::evidence::Evidence;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0,
];

/// One request's labels: the method, the route template (`/api/v1/audits/{id}`, never the
/// path itself, so the number of series stays bounded) and the status code.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `GET`, `PUT`, …; `OTHER` for methods outside HTTP's usual ones.
    pub method: String,
    /// The route template, `static` for the web client's files, `unmatched` otherwise.
    pub route: String,
    /// The response's status code.
    pub status: u16,
}

/// The registry and the metrics recorded as requests happen.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram>,
}

impl Metrics {
    /// Metrics of a server on `db` with the photo pipeline `evidence`.
    pub fn new(db: Db, evidence: Evidence) -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(LATENCY_BUCKETS)
        });
        registry.register(
            "touchstone_http_request_duration_seconds",
            "Time from a request's arrival to its response's headers, by route template",
            requests.clone(),
        );
        registry.register_collector(Box::new(StateCollector { db, evidence }));
        Metrics { registry, requests }
    }

    /// Records one finished request.
    pub fn observe(&self, labels: RequestLabels, took: Duration) {
        self.requests
            .get_or_create(&labels)
            .observe(took.as_secs_f64());
    }

    /// Everything, in Prometheus's text format (version 0.0.4).
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// The `Content-Type` of [`Metrics::render`]'s text.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Reads the pool, the writers' queue, upload slots and the photo queue at each scrape.
#[derive(Debug)]
struct StateCollector {
    db: Db,
    evidence: Evidence,
}

impl StateCollector {
    fn gauge(
        encoder: &mut DescriptorEncoder,
        name: &str,
        help: &str,
        value: usize,
    ) -> std::fmt::Result {
        let gauge = ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
        gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)
    }

    fn counter<N>(
        encoder: &mut DescriptorEncoder,
        name: &str,
        help: &str,
        value: N,
    ) -> std::fmt::Result
    where
        ConstCounter<N>: EncodeMetric,
    {
        let counter = ConstCounter::new(value);
        counter.encode(encoder.encode_descriptor(name, help, None, counter.metric_type())?)
    }
}

impl Collector for StateCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let pool = self.db.pool();
        let open = pool.size() as usize;
        let idle = pool.num_idle();
        let e = &mut encoder;
        Self::gauge(
            e,
            "touchstone_db_connections_max",
            "Connections the pool may open",
            pool.options().get_max_connections() as usize,
        )?;
        Self::gauge(
            e,
            "touchstone_db_connections_in_use",
            "Connections lent out now",
            open.saturating_sub(idle),
        )?;
        Self::gauge(e, "touchstone_db_connections_idle", "Open, idle", idle)?;
        let (turns, waited) = self.db.write_totals();
        Self::gauge(
            e,
            "touchstone_db_writers_waiting",
            "SQLite: write transactions waiting for their turn now",
            self.db.writers_waiting(),
        )?;
        Self::counter(
            e,
            "touchstone_db_write_turns",
            "SQLite: write transactions started",
            turns,
        )?;
        Self::counter(
            e,
            "touchstone_db_write_wait_seconds",
            "SQLite: time write transactions waited for their turn, in all",
            waited,
        )?;
        let uploads = &self.evidence;
        Self::gauge(
            e,
            "touchstone_upload_slots",
            "Photo bodies that may be buffered at once",
            uploads.uploads.total(),
        )?;
        Self::gauge(
            e,
            "touchstone_upload_slots_in_use",
            "Photo bodies being received or processed now",
            uploads.uploads.in_use(),
        )?;
        let pipeline = &self.evidence.pipeline;
        Self::gauge(
            e,
            "touchstone_photo_queue",
            "Photos waiting for a processing worker",
            pipeline.queued(),
        )?;
        Self::gauge(
            e,
            "touchstone_photos_processing",
            "Photos being decoded and rendered now",
            pipeline.in_progress(),
        )
    }
}

/// Counts itself in a gauge of things waiting or in progress for as long as it lives, so a
/// request that is abandoned mid-wait leaves the count right.
#[derive(Debug)]
pub struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    /// Adds one to `gauge` until dropped.
    pub fn enter(gauge: &'a AtomicUsize) -> InFlight<'a> {
        gauge.fetch_add(1, Ordering::Relaxed);
        InFlight(gauge)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
