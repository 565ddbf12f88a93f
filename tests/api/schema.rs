//! The two migration folders stay in step: SQLite and PostgreSQL, each migrated from empty,
//! have the same migrations, tables, columns (name, type class, NOT NULL) and indexes
//! (columns in order, unique, partial; the name of those made by `CREATE INDEX`).
//!
//! Needs both databases, so it runs in the PostgreSQL suite
//! (`TOUCHSTONE_TEST_BACKEND=postgres`) and passes on a SQLite-only run without comparing.

use std::collections::{BTreeMap, BTreeSet};
use touchstone_server::db::Db;
use touchstone_tests::{TestApp, backend};

/// What a column holds, across the dialects' spellings (`BIGINT` and `bigint`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeClass {
    Integer,
    Real,
    Text,
    Blob,
    /// A type no mapping covers yet; never equal across the dialects, so it gets looked at.
    Other(String),
}

#[derive(Debug, PartialEq, Eq)]
struct Column {
    class: TypeClass,
    not_null: bool,
}

/// An index; `name` is `None` for one a UNIQUE constraint made (each dialect names those
/// its own way).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    name: Option<String>,
    columns: String,
    unique: bool,
    partial: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    indexes: BTreeSet<Index>,
}

#[derive(Debug, Default)]
struct Schema {
    migrations: Vec<i64>,
    tables: BTreeMap<String, Table>,
}

/// SQLite's type affinity rules (sqlite.org/datatype3.html, 3.1) on a declared type.
fn sqlite_class(declared: &str) -> TypeClass {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        TypeClass::Integer
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|s| t.contains(s)) {
        TypeClass::Text
    } else if t.is_empty() || t.contains("BLOB") {
        TypeClass::Blob
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|s| t.contains(s)) {
        TypeClass::Real
    } else {
        TypeClass::Other(declared.to_owned())
    }
}

/// PostgreSQL's `information_schema.columns.data_type`.
fn postgres_class(data_type: &str) -> TypeClass {
    match data_type {
        "bigint" | "integer" | "smallint" => TypeClass::Integer,
        "double precision" | "real" => TypeClass::Real,
        "text" | "character varying" | "character" => TypeClass::Text,
        "bytea" => TypeClass::Blob,
        other => TypeClass::Other(other.to_owned()),
    }
}

async fn strings(db: &Db, sql: &'static str, bind: Option<&str>) -> Vec<String> {
    let query = sqlx::query_scalar::<_, String>(sql);
    let query = match bind {
        Some(value) => query.bind(value.to_owned()),
        None => query,
    };
    query.fetch_all(db.pool()).await.expect(sql)
}

/// The rows `sql` selects about `table` (bound to `$1`).
async fn rows_of<T>(db: &Db, sql: &'static str, table: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(sql)
        .bind(table.to_owned())
        .fetch_all(db.pool())
        .await
        .expect(sql)
}

async fn migrations(db: &Db) -> Vec<i64> {
    let sql = "SELECT version FROM _sqlx_migrations ORDER BY version";
    sqlx::query_scalar(sql)
        .fetch_all(db.pool())
        .await
        .expect(sql)
}

async fn sqlite_table(db: &Db, table: &str) -> Table {
    // SQLite answers its truth values as integers.
    let sql = r#"SELECT name, type, "notnull" OR pk > 0 FROM pragma_table_info($1)"#;
    let rows: Vec<(String, String, i64)> = rows_of(db, sql, table).await;
    let columns = rows.into_iter().map(|(name, declared, not_null)| {
        let class = sqlite_class(&declared);
        let not_null = not_null != 0;
        (name, Column { class, not_null })
    });
    let sql = r#"SELECT name, "unique", partial, origin = 'c' FROM pragma_index_list($1)
        WHERE origin <> 'pk'"#;
    let rows: Vec<(String, i64, i64, i64)> = rows_of(db, sql, table).await;
    let mut indexes = BTreeSet::new();
    for (name, unique, partial, created) in rows {
        let sql = "SELECT COALESCE(name, '(expression)') FROM pragma_index_xinfo($1)
            WHERE key <> 0 ORDER BY seqno";
        let columns = strings(db, sql, Some(&name)).await.join(", ");
        let name = (created != 0).then_some(name);
        let (unique, partial) = (unique != 0, partial != 0);
        indexes.insert(Index {
            name,
            columns,
            unique,
            partial,
        });
    }
    let columns = columns.collect();
    Table { columns, indexes }
}

async fn postgres_table(db: &Db, table: &str) -> Table {
    let sql = "SELECT column_name::text, data_type::text, is_nullable = 'NO'
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1";
    let rows: Vec<(String, String, bool)> = rows_of(db, sql, table).await;
    let columns = rows.into_iter().map(|(name, data_type, not_null)| {
        let class = postgres_class(&data_type);
        (name, Column { class, not_null })
    });
    // Every attribute, key and INCLUDE alike: SQLite has no INCLUDE and keys them all.
    let sql = "SELECT i.relname::text,
            (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ', ' ORDER BY k)
             FROM generate_series(1, x.indnatts) AS k),
            x.indisunique, x.indpred IS NOT NULL,
            NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
          AND NOT x.indisprimary";
    let rows: Vec<(String, String, bool, bool, bool)> = rows_of(db, sql, table).await;
    let indexes = rows
        .into_iter()
        .map(|(name, columns, unique, partial, created)| {
            let name = created.then_some(name);
            Index {
                name,
                columns,
                unique,
                partial,
            }
        });
    Table {
        columns: columns.collect(),
        indexes: indexes.collect(),
    }
}

async fn sqlite_schema(db: &Db) -> Schema {
    let sql = r"SELECT name FROM sqlite_master WHERE type = 'table'
        AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_sqlx%' ESCAPE '\'";
    let mut tables = BTreeMap::new();
    for name in strings(db, sql, None).await {
        tables.insert(name.clone(), sqlite_table(db, &name).await);
    }
    let migrations = migrations(db).await;
    Schema { migrations, tables }
}

async fn postgres_schema(db: &Db) -> Schema {
    let sql = r"SELECT table_name::text FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
          AND table_name NOT LIKE '\_sqlx%'";
    let mut tables = BTreeMap::new();
    for name in strings(db, sql, None).await {
        tables.insert(name.clone(), postgres_table(db, &name).await);
    }
    let migrations = migrations(db).await;
    Schema { migrations, tables }
}

/// Every difference, one line each, named the way a reader of the migrations looks for it.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    if sqlite.migrations != postgres.migrations {
        found.push(format!(
            "migrations: sqlite {:?}, postgres {:?}",
            sqlite.migrations, postgres.migrations
        ));
    }
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(s), Some(p)) => table_differences(name, s, p, &mut found),
            (Some(_), None) => found.push(format!("table {name}: only in sqlite")),
            (None, _) => found.push(format!("table {name}: only in postgres")),
        }
    }
    found
}

fn table_differences(table: &str, sqlite: &Table, postgres: &Table, found: &mut Vec<String>) {
    let names: BTreeSet<&String> = sqlite
        .columns
        .keys()
        .chain(postgres.columns.keys())
        .collect();
    for name in names {
        match (sqlite.columns.get(name), postgres.columns.get(name)) {
            (Some(s), Some(p)) if s == p => {}
            (Some(s), Some(p)) => found.push(format!(
                "column {table}.{name}: sqlite {s:?}, postgres {p:?}"
            )),
            (Some(_), None) => found.push(format!("column {table}.{name}: only in sqlite")),
            (None, _) => found.push(format!("column {table}.{name}: only in postgres")),
        }
    }
    for index in sqlite.indexes.difference(&postgres.indexes) {
        found.push(format!("index on {table}: only in sqlite: {index:?}"));
    }
    for index in postgres.indexes.difference(&sqlite.indexes) {
        found.push(format!("index on {table}: only in postgres: {index:?}"));
    }
}

#[tokio::test]
async fn both_dialects_migrate_to_the_same_tables_columns_and_indexes() {
    if backend() != "postgres" {
        return;
    }
    let postgres = TestApp::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("schema.db").display()
    );
    let sqlite = Db::connect(&url).await.expect("sqlite");
    sqlite.migrate().await.expect("sqlite migrations");

    let sqlite = sqlite_schema(&sqlite).await;
    let postgres = postgres_schema(&postgres.state.db).await;
    assert!(
        sqlite.tables.len() > 10,
        "read too few tables: {:?}",
        sqlite.tables.keys()
    );
    let found = differences(&sqlite, &postgres);
    assert!(
        found.is_empty(),
        "the migration folders differ:\n{}",
        found.join("\n")
    );
}
