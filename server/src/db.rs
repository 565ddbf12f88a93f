//! The database layer: one code path over `sqlx::Any` for SQLite and PostgreSQL. No HTTP here.
//!
//! Both dialects accept the same SQL as long as it keeps to `$n` placeholders, `CAST(… AS …)`
//! and the column types of the migrations (TEXT, BIGINT, DOUBLE PRECISION).

pub mod actions;
pub mod assignments;
pub mod audit_edits;
pub mod audits;
pub mod checklists;
pub mod clients;
pub mod exports;
pub mod jobs;
pub mod journeys;
pub mod ledgers;
pub mod locations;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod pay;
pub mod photos;
pub mod report;
pub mod report_schedules;
pub mod review_comments;
pub mod rollups;
pub mod scorecards;
pub mod sessions;
pub mod share_links;
pub mod shopper_roster;
pub mod shoppers;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod waves;
pub mod webhooks;
pub mod write_turn;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool};
use std::time::Duration;
use uuid::Uuid;

use crate::error::{Error, Result};

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Picks the backend from a URL's scheme; anything else is refused.
    pub fn from_url(url: &str) -> Result<Backend, String> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            _ => Err(format!(
                "unsupported database URL `{}`: use sqlite://… or postgres://…",
                url.split(':').next().unwrap_or_default()
            )),
        }
    }
}

/// Settings of the server's database connections.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// PostgreSQL's `max_parallel_workers_per_gather` (see `Config::pg_parallel_workers`).
    pub pg_parallel_workers: u32,
    /// PostgreSQL: the pool's most connections (see `Config::pg_pool_size`).
    pub pg_pool_size: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            pg_parallel_workers: 0,
            pg_pool_size: 16,
        }
    }
}

/// A connection pool and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: the process's writers take turns here (see [`Db::begin`]).
    write_turn: Option<WriteTurn>,
}

pub use write_turn::{Tx, WriteTurn};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A pool of SQLite connections in WAL mode with a busy timeout and foreign keys on.
async fn sqlite_pool(options: AnyPoolOptions, url: &str) -> Result<AnyPool, sqlx::Error> {
    options
        .after_connect(|conn, _| {
            Box::pin(async move {
                use sqlx::Executor;
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                Ok(())
            })
        })
        .connect(url)
        .await
}

impl Db {
    /// Connects to `url` with the default [`Settings`].
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        Self::connect_with(url, Settings::default()).await
    }

    /// Connects to `url`; SQLite connections run in WAL mode with a busy timeout, PostgreSQL
    /// ones with `settings`.
    pub async fn connect_with(url: &str, settings: Settings) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = Backend::from_url(url).map_err(|e| sqlx::Error::Configuration(e.into()))?;
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(5))
            .min_connections(0);
        let (pool, write_turn) = match backend {
            Backend::Sqlite => {
                let readers = sqlite_pool(options.clone().max_connections(8), url).await?;
                // One connection for the write transactions, taken in turns: it never waits
                // for the readers' connections, and its page cache stays warm.
                let writer = sqlite_pool(options.max_connections(1), url).await?;
                (readers, Some(WriteTurn::new(writer)))
            }
            Backend::Postgres => {
                let pool = options
                    .max_connections(settings.pg_pool_size)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            let workers = settings.pg_parallel_workers;
                            // An integer of the configuration, not input.
                            let sql = format!("SET max_parallel_workers_per_gather = {workers}");
                            conn.execute(sqlx::AssertSqlSafe(sql)).await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?;
                (pool, None)
            }
        };
        Ok(Db {
            pool,
            backend,
            write_turn,
        })
    }

    /// Applies the migrations of the backend's dialect.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    /// The pool, for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction.
    ///
    /// On SQLite, where one writer at a time holds the database, the transaction first waits
    /// for its turn among the process's writers (in arrival order, holding no connection
    /// meanwhile, so readers keep the pool), then takes SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`) on the one connection kept for writes. Queued in the process, a writer starts the moment the one before
    /// it commits; left to SQLite's busy handler, it would sleep and poll with growing
    /// intervals (up to 100 ms), and eight writers at once saw a p99 of 500-640 ms. The busy
    /// timeout stays as the guard against writers of other processes.
    pub async fn begin(&self) -> Result<Tx> {
        let tx = match &self.write_turn {
            Some(turn) => turn.begin().await?,
            None => Tx::new(self.pool.begin().await?, None),
        };
        Ok(tx)
    }

    /// Writers waiting for their turn (SQLite; always 0 on PostgreSQL).
    pub fn writers_waiting(&self) -> usize {
        self.write_turn.as_ref().map_or(0, WriteTurn::waiting)
    }

    /// Writers' turns given and the seconds waited for them in all (SQLite; zeros on
    /// PostgreSQL).
    pub fn write_totals(&self) -> (u64, f64) {
        self.write_turn.as_ref().map_or((0, 0.0), WriteTurn::totals)
    }

    /// Closes the pool (and SQLite's writer connection).
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(turn) = &self.write_turn {
            turn.close().await;
        }
    }
}

/// Now as Unix milliseconds.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// A time as stored.
pub fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A stored time.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A stored id.
pub fn parse_id(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::internal(format!("stored id `{s}`: {e}")))
}

/// Stored JSON.
pub fn from_json<T: DeserializeOwned>(s: &str) -> Result<T> {
    Ok(serde_json::from_str(s)?)
}

/// JSON to store.
pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

/// Deletes row `id` of the organisation from `table` (one of the names written in this
/// crate, never input); false when the organisation has none with the id.
pub async fn delete_of_org<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    table: &'static str,
    org_id: Uuid,
    id: Uuid,
) -> Result<bool> {
    let sql = format!("DELETE FROM {table} WHERE org_id = $1 AND id = $2");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .bind(id.to_string())
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A stored 0/1 flag.
pub fn from_flag(v: i64) -> bool {
    v != 0
}

/// The `VALUES` list of a multi-row insert: `rows` tuples of `columns` numbered parameters,
/// `($1, …, $c), ($c+1, …)`. Written by hand because sqlx's `QueryBuilder` for `Any` writes
/// `?` placeholders, which PostgreSQL does not accept.
pub fn values_list(rows: usize, columns: usize) -> String {
    values_list_after(0, rows, columns)
}

/// [`values_list`] numbered after the statement's first `offset` parameters:
/// `($offset+1, …)`.
pub fn values_list_after(offset: usize, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let row = (1..=columns)
                .map(|c| format!("${}", offset + r * columns + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({row})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A multi-row statement, not kept prepared. Its text repeats with its row count while the
/// NULLs in its rows vary, and sqlx's `Any` declares a NULL `f64` as PostgreSQL's `float4`
/// (sqlx-core 0.9, `any/arguments.rs`): a statement kept prepared with a NULL where a later
/// run binds a number would refuse that run ("incorrect binary data format"). Its many texts
/// would also crowd the connection's cache of prepared statements.
pub fn multi_row(sql: String) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments> {
    sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false)
}

/// Page size from a request's `limit`.
pub fn page_limit(limit: Option<u32>) -> i64 {
    i64::from(
        limit
            .unwrap_or(touchstone_shared::page::DEFAULT_LIMIT)
            .clamp(1, touchstone_shared::page::MAX_LIMIT),
    )
}

/// Cuts a fetched `limit + 1` rows down to a page, with the cursor of the next one.
pub fn paginate<T>(
    mut items: Vec<T>,
    limit: i64,
    cursor_of: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if items.len() > limit {
        items.truncate(limit);
        let next = items.last().map(cursor_of);
        (items, next)
    } else {
        (items, None)
    }
}

/// What rows a caller may see: always one organisation, and within it a manager's clients
/// or an auditor's own work.
///
/// Queries that filter by it put the organisation in `$1`, the manager in `$2` and, where
/// they filter by auditor, the auditor in `$3` (see [`client_filter!`] and
/// [`auditor_filter!`]); `''` means "no restriction".
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    /// The caller's organisation.
    pub org_id: Uuid,
    /// Set for managers: only clients linked to this user.
    pub manager: Option<Uuid>,
    /// Set for auditors: only their own assignments and audits.
    pub auditor: Option<Uuid>,
}

/// SQL restricting `client_id` to a manager's clients (`$2`).
macro_rules! client_filter {
    () => {
        client_filter!("")
    };
    ($alias:literal) => {
        concat!(
            "($2 = '' OR ",
            $alias,
            "client_id IN (SELECT uc.client_id FROM user_clients uc WHERE uc.user_id = $2))"
        )
    };
}
pub(crate) use client_filter;

/// SQL restricting `auditor_id` to the auditor (`$3`).
macro_rules! auditor_filter {
    () => {
        auditor_filter!("")
    };
    ($alias:literal) => {
        concat!("($3 = '' OR ", $alias, "auditor_id = $3)")
    };
}
pub(crate) use auditor_filter;

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;
type AnyQueryAs<'q, O> = sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments>;

impl Visibility {
    /// Everything of one organisation.
    pub fn organisation(org_id: Uuid) -> Self {
        Visibility {
            org_id,
            manager: None,
            auditor: None,
        }
    }

    fn params(&self) -> (String, String, String) {
        let text = |u: Option<Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
        (
            self.org_id.to_string(),
            text(self.manager),
            text(self.auditor),
        )
    }

    /// Binds `$1` (organisation) and `$2` (manager).
    pub fn bind_clients<'q, O>(&self, q: AnyQueryAs<'q, O>) -> AnyQueryAs<'q, O> {
        let (org, manager, _) = self.params();
        q.bind(org).bind(manager)
    }

    /// Binds `$1` (organisation), `$2` (manager) and `$3` (auditor).
    pub fn bind_all<'q, O>(&self, q: AnyQueryAs<'q, O>) -> AnyQueryAs<'q, O> {
        let (org, manager, auditor) = self.params();
        q.bind(org).bind(manager).bind(auditor)
    }

    /// [`Visibility::bind_all`] for a query without typed rows.
    pub fn bind_all_query<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        let (org, manager, auditor) = self.params();
        q.bind(org).bind(manager).bind(auditor)
    }
}

/// Query of a listing: journeys, locations and checklists (of one client with `client_id`),
/// and clients (`client_id` is not read there).
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this client's.
    pub client_id: Option<Uuid>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// One page of a client-scoped listing: `sql` selects rows visible per `$1`/`$2`, optionally of
/// one client (`$3`), after the cursor (`$4`), at most `$5` rows, ordered by id.
pub async fn page_by_client<'e, R, T>(
    ex: impl sqlx::Executor<'e, Database = Any>,
    sql: &'static str,
    vis: &Visibility,
    q: &ListQuery,
    id_of: impl Fn(&T) -> Uuid,
) -> Result<(Vec<T>, Option<String>)>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    T: TryFrom<R, Error = Error>,
{
    let limit = page_limit(q.limit);
    let query = vis
        .bind_clients(sqlx::query_as(sql))
        .bind(q.client_id.map(|c| c.to_string()).unwrap_or_default())
        .bind(q.cursor.clone().unwrap_or_default())
        .bind(limit + 1);
    fetch_page(query, ex, limit, id_of).await
}

/// The page a query selects: it fetches `limit + 1` rows, ordered by id (see [`paginate`]);
/// the next page's cursor is the id of the page's last item.
pub async fn fetch_page<'e, R, T>(
    query: AnyQueryAs<'e, R>,
    ex: impl sqlx::Executor<'e, Database = Any>,
    limit: i64,
    id_of: impl Fn(&T) -> Uuid,
) -> Result<(Vec<T>, Option<String>)>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    T: TryFrom<R, Error = Error>,
{
    let items = query
        .fetch_all(ex)
        .await?
        .into_iter()
        .map(T::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(paginate(items, limit, |t| id_of(t).to_string()))
}

/// The one row a query selects, or [`Error::NotFound`] naming `what` when there is none
/// (the row does not exist, or the caller may not see it).
pub async fn fetch_one_of<'e, R, T>(
    query: AnyQueryAs<'e, R>,
    ex: impl sqlx::Executor<'e, Database = Any>,
    what: &'static str,
) -> Result<T>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    T: TryFrom<R, Error = Error>,
{
    query
        .fetch_optional(ex)
        .await?
        .ok_or(Error::NotFound(what))?
        .try_into()
}
