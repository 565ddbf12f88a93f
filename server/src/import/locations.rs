//! Locations from a sheet: one row per location, columns found by header.

use super::Problems;
use super::table::{Column, Columns, Row, Table};
use std::collections::{HashMap, HashSet};
use touchstone_shared::import::RowProblem;
use touchstone_shared::location::{DEFAULT_RADIUS_M, LatLon, LocationInput};
use uuid::Uuid;

/// The columns of a locations file.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "name",
        aliases: &["location", "location_name", "site"],
        required: true,
    },
    Column {
        name: "code",
        aliases: &["location_code", "site_code", "id"],
        required: true,
    },
    Column {
        name: "address",
        aliases: &["street_address"],
        required: false,
    },
    Column {
        name: "region",
        aliases: &["area", "district"],
        required: false,
    },
    Column {
        name: "lat",
        aliases: &["latitude"],
        required: true,
    },
    Column {
        name: "lon",
        aliases: &["lng", "long", "longitude"],
        required: true,
    },
    Column {
        name: "radius",
        aliases: &["radius_m", "radius_metres", "radius_meters", "geofence_m"],
        required: false,
    },
    Column {
        name: "time_zone",
        aliases: &["timezone", "tz"],
        required: false,
    },
];

/// A location read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationRow {
    /// Spreadsheet row.
    pub row: u32,
    /// What to create.
    pub input: LocationInput,
}

/// Reads every row into a location of `client_id`; a problem anywhere fails the whole file.
/// A code must be unique in the file and not among the client's `stored` codes.
pub fn parse(
    table: &Table,
    client_id: Uuid,
    stored: &HashSet<String>,
) -> Result<Vec<LocationRow>, Vec<RowProblem>> {
    let columns = table.columns(COLUMNS)?;
    let mut problems = Problems::default();
    let mut out = Vec::with_capacity(table.rows.len());
    let mut first_row_of_code: HashMap<String, u32> = HashMap::new();
    if table.rows.is_empty() {
        problems.push(
            table.header_row,
            None,
            "the file has no locations under the header",
        );
    }
    for row in &table.rows {
        let (parsed, clean) = parse_row(&columns, row, client_id, &mut problems);
        let input = &parsed.input;
        if input.code.trim().is_empty() {
            continue;
        }
        if let Some(first) = first_row_of_code.get(&input.code) {
            problems.push(
                row.number,
                Some("code"),
                format!("duplicate code `{}`: row {first} has it too", input.code),
            );
            continue;
        }
        if stored.contains(&input.code) {
            problems.push(
                row.number,
                Some("code"),
                format!(
                    "the client already has a location with code `{}`",
                    input.code
                ),
            );
            continue;
        }
        first_row_of_code.insert(input.code.clone(), row.number);
        if clean {
            out.push(parsed);
        }
    }
    problems.finish(out)
}

/// Reads one row, pushing every problem it has; the location and whether it is clean.
fn parse_row(
    columns: &Columns,
    row: &Row,
    client_id: Uuid,
    problems: &mut Problems,
) -> (LocationRow, bool) {
    // (column, problem), reported in the order of COLUMNS.
    let mut found: Vec<(String, String)> = Vec::new();
    let mut number = |name: &str, what: &str| -> Option<f64> {
        let text = columns.get(row, name);
        let problem = if text.is_empty() {
            // Optional numbers may be empty; the coordinates may not.
            (name != "radius").then(|| "a coordinate is required".to_owned())
        } else {
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => return Some(v),
                _ => Some(format!(
                    "`{text}` is not a {what}: write a number with a dot for decimals"
                )),
            }
        };
        if let Some(problem) = problem {
            found.push((name.to_owned(), problem));
        }
        None
    };
    let numbers = [
        number("lat", "latitude"),
        number("lon", "longitude"),
        number("radius", "radius in metres"),
    ];
    let input = row_input(columns, row, client_id, numbers);
    // Every field is checked; a column already reported as unreadable is not reported twice.
    for e in crate::service::locations::problems(&input) {
        let column = match e.field.as_str() {
            "position.lat" => "lat",
            "position.lon" => "lon",
            "radius_m" => "radius",
            other => other,
        };
        if !found.iter().any(|(c, _)| c == column) {
            found.push((column.to_owned(), e.message));
        }
    }
    found.sort_by_key(|(c, _)| COLUMNS.iter().position(|k| k.name == c));
    for (column, problem) in &found {
        problems.push(row.number, Some(column), problem.as_str());
    }
    let row = LocationRow {
        row: row.number,
        input,
    };
    (row, found.is_empty())
}

/// The location a row describes; unreadable numbers stand in as 0 (already reported).
fn row_input(
    columns: &Columns,
    row: &Row,
    client_id: Uuid,
    [lat, lon, radius]: [Option<f64>; 3],
) -> LocationInput {
    let time_zone = match columns.get(row, "time_zone") {
        "" => "UTC",
        tz => tz,
    };
    LocationInput {
        client_id,
        code: columns.get(row, "code").to_owned(),
        name: columns.get(row, "name").to_owned(),
        address: columns.get(row, "address").to_owned(),
        region: columns.get(row, "region").to_owned(),
        position: LatLon {
            lat: lat.unwrap_or_default(),
            lon: lon.unwrap_or_default(),
        },
        radius_m: radius.unwrap_or(DEFAULT_RADIUS_M),
        polygon: None,
        time_zone: time_zone.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv;

    fn parse_csv(text: &str) -> Result<Vec<LocationRow>, Vec<RowProblem>> {
        let stored = HashSet::from(["OLD-01".to_owned()]);
        parse(
            &csv::read(text.as_bytes()).expect("csv"),
            Uuid::nil(),
            &stored,
        )
    }

    #[test]
    fn a_good_file_gives_locations_with_defaults() {
        let rows = parse_csv(
            "Code,Name,Address,Region,Lat,Lon,Radius\n\
             LIS-01,Chiado,\"Rua Garrett 1, Lisboa\",Lisbon,38.7107,-9.1420,120\n\
             POR-01,Baixa,,North,41.1496,-8.6109,\n",
        )
        .expect("locations");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].input.address, "Rua Garrett 1, Lisboa");
        assert_eq!(rows[0].input.radius_m, 120.0);
        assert_eq!(rows[1].row, 3);
        assert_eq!(rows[1].input.radius_m, DEFAULT_RADIUS_M);
        assert_eq!(rows[1].input.time_zone, "UTC");
    }

    #[test]
    fn columns_may_come_in_any_order_and_case() {
        let rows = parse_csv("LONGITUDE;latitude;CODE;name\n-9.14;38.71;A;Shop\n").expect("ok");
        assert_eq!(
            rows[0].input.position,
            LatLon {
                lat: 38.71,
                lon: -9.14
            }
        );
    }

    #[test]
    fn a_missing_column_is_reported() {
        let err = parse_csv("code,name,lat\nA,Shop,38.7\n").expect_err("missing lon");
        assert_eq!(
            err,
            vec![RowProblem::new(1, Some("lon"), err[0].problem.clone())]
        );
        assert!(err[0].problem.contains("missing column"));
    }

    #[test]
    fn every_bad_coordinate_is_reported_by_row_and_column() {
        let err = parse_csv(
            "code,name,lat,lon\nA,Shop,38.7,-9.1\nB,Shop,91,-9.1\nC,Shop,38.7,west\nD,Shop,38,\n",
        )
        .expect_err("bad");
        let found: Vec<_> = err
            .iter()
            .map(|p| (p.row, p.column.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(found, [(3, "lat"), (4, "lon"), (5, "lon")], "{err:?}");
        assert!(err[0].problem.contains("between -90 and 90"));
        assert!(err[1].problem.contains("`west` is not a longitude"));
        assert!(err[2].problem.contains("required"));
    }

    #[test]
    fn a_duplicate_code_names_the_first_row() {
        let err = parse_csv("code,name,lat,lon\nA,One,1,1\nB,Two,1,1\nA,Three,1,1\n")
            .expect_err("duplicate");
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].row, 4);
        assert_eq!(err[0].problem, "duplicate code `A`: row 2 has it too");
    }

    #[test]
    fn a_stored_code_is_a_duplicate_too() {
        let err = parse_csv("code,name,lat,lon\nOLD-01,One,1,1\n").expect_err("stored");
        assert_eq!(err[0].row, 2);
        assert!(
            err[0]
                .problem
                .contains("already has a location with code `OLD-01`")
        );
    }

    #[test]
    fn required_text_is_required() {
        let err = parse_csv("code,name,lat,lon\n,Shop,1,1\n").expect_err("no code");
        assert_eq!((err[0].row, err[0].column.as_deref()), (2, Some("code")));
    }
}
