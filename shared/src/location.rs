//! Locations: the sites of a client that auditors visit.

use crate::api_type;
use crate::error::{FieldError, Valid, optional_text, require_name, require_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Geofence radius when a location sets none, in metres.
pub const DEFAULT_RADIUS_M: f64 = 150.0;

api_type! {
    /// A WGS 84 position.
    #[derive(Copy)]
    pub struct LatLon {
        /// Latitude in degrees, −90..90.
        pub lat: f64,
        /// Longitude in degrees, −180..180.
        pub lon: f64,
    }

    /// A site of a client.
    pub struct Location {
        /// Id.
        pub id: Uuid,
        /// The client it belongs to.
        pub client_id: Uuid,
        /// The client's own code for the site, unique per client.
        pub code: String,
        /// Name.
        pub name: String,
        /// Street address.
        pub address: String,
        /// Region, for scorecard filters.
        pub region: String,
        /// Position of the entrance.
        pub position: LatLon,
        /// Geofence radius in metres.
        pub radius_m: f64,
        /// Geofence polygon (outer ring, then holes), used instead of the radius when present.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub polygon: Option<Vec<Vec<LatLon>>>,
        /// IANA time zone, e.g. `Europe/Lisbon`.
        pub time_zone: String,
        /// Creation time.
        pub created_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/locations` and `PUT /api/v1/locations/{id}`.
    #[serde(deny_unknown_fields)]
    pub struct LocationInput {
        /// The client it belongs to.
        pub client_id: Uuid,
        /// The client's own code for the site.
        pub code: String,
        /// Name.
        pub name: String,
        /// Street address.
        #[serde(default)]
        pub address: String,
        /// Region.
        #[serde(default)]
        pub region: String,
        /// Position of the entrance.
        pub position: LatLon,
        /// Geofence radius in metres (default 150).
        #[serde(default = "default_radius")]
        pub radius_m: f64,
        /// Optional geofence polygon: outer ring, then holes.
        #[serde(default)]
        pub polygon: Option<Vec<Vec<LatLon>>>,
        /// IANA time zone (default UTC).
        #[serde(default = "default_time_zone")]
        pub time_zone: String,
    }
}

fn default_radius() -> f64 {
    DEFAULT_RADIUS_M
}

fn default_time_zone() -> String {
    "UTC".to_owned()
}

impl LatLon {
    /// Checks that the coordinates are on Earth.
    pub fn validate(&self, field: &str) -> Valid {
        Self::check_lat(self.lat, field)?;
        Self::check_lon(self.lon, field)
    }

    fn check_lat(lat: f64, field: &str) -> Valid {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(FieldError::new(
                format!("{field}.lat"),
                "latitude must be between -90 and 90",
            ));
        }
        Ok(())
    }

    fn check_lon(lon: f64, field: &str) -> Valid {
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(FieldError::new(
                format!("{field}.lon"),
                "longitude must be between -180 and 180",
            ));
        }
        Ok(())
    }
}

impl LocationInput {
    /// Checks the fields before anything is stored; the first problem found.
    pub fn validate(&self) -> Valid {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every problem of the fields, each field checked on its own (an import reports them
    /// all at once, so a person fixes a row in one go).
    pub fn problems(&self) -> Vec<FieldError> {
        let position = [
            LatLon::check_lat(self.position.lat, "position"),
            LatLon::check_lon(self.position.lon, "position"),
        ];
        let radius = if !self.radius_m.is_finite() || !(1.0..=100_000.0).contains(&self.radius_m) {
            Err(FieldError::new(
                "radius_m",
                "must be between 1 and 100000 metres",
            ))
        } else {
            Ok(())
        };
        [
            require_name("code", &self.code, 64),
            require_name("name", &self.name, 200),
            optional_text("address", &self.address, 500),
            optional_text("region", &self.region, 200),
            require_text("time_zone", &self.time_zone, 64),
        ]
        .into_iter()
        .chain(position)
        .chain([radius, self.polygon_valid()])
        .filter_map(Result::err)
        .collect()
    }

    fn polygon_valid(&self) -> Valid {
        for (r, ring) in self.polygon.iter().flatten().enumerate() {
            if ring.len() < 3 {
                return Err(FieldError::new(
                    format!("polygon[{r}]"),
                    "a ring needs at least 3 points",
                ));
            }
            for (i, p) in ring.iter().enumerate() {
                p.validate(&format!("polygon[{r}][{i}]"))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LocationInput {
        LocationInput {
            client_id: Uuid::nil(),
            code: "A".into(),
            name: "Shop".into(),
            address: String::new(),
            region: String::new(),
            position: LatLon { lat: 1.0, lon: 1.0 },
            radius_m: DEFAULT_RADIUS_M,
            polygon: None,
            time_zone: "UTC".into(),
        }
    }

    #[test]
    fn every_bad_field_is_a_problem_of_its_own() {
        let bad = LocationInput {
            name: String::new(),
            position: LatLon {
                lat: 123.5,
                lon: 200.0,
            },
            radius_m: 0.0,
            ..input()
        };
        let fields: Vec<_> = bad.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "position.lat", "position.lon", "radius_m"]);
        assert_eq!(bad.validate().map_err(|e| e.field), Err("name".to_owned()));
        assert_eq!(input().validate(), Ok(()));
    }
}
