//! EXIF reading with `nom-exif` (fuzz-tested): capture time, GPS position and orientation.
//! A photo without EXIF, or with broken EXIF, is still a photo: this never fails.

use bytes::Bytes;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use nom_exif::{
    EntryValue, Exif, ExifDateTime, ExifTag, IfdIndex, IfdKind, MediaParser, MediaSource,
};
use touchstone_shared::location::LatLon;

/// `GPSHPositioningError`, which `nom-exif` has no name for.
const GPS_H_POSITIONING_ERROR: u16 = 0x001F;

/// What the photo's EXIF says, as far as the server cares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExifData {
    /// `DateTimeOriginal`: the camera's wall-clock time, with no time zone.
    pub taken_at_local: Option<NaiveDateTime>,
    /// `OffsetTimeOriginal`: the camera's UTC offset at capture, when written.
    pub taken_offset: Option<FixedOffset>,
    /// `GPSDateStamp` + `GPSTimeStamp`: the time of the GPS fix, in UTC.
    pub gps_time: Option<DateTime<Utc>>,
    /// GPS position.
    pub position: Option<LatLon>,
    /// `GPSHPositioningError`, in metres.
    pub accuracy_m: Option<f64>,
    /// `Orientation`, 1–8.
    pub orientation: Option<u16>,
}

impl ExifData {
    /// The capture time in UTC: the camera's time with its written offset; else the GPS fix
    /// time; else the camera's time read in the zone `local_offset` gives for it (the
    /// location's time zone), if any.
    pub fn taken_at(
        &self,
        local_offset: impl Fn(NaiveDateTime) -> Option<FixedOffset>,
    ) -> Option<DateTime<Utc>> {
        if let (Some(local), Some(offset)) = (self.taken_at_local, self.taken_offset) {
            return in_offset(local, offset);
        }
        if let Some(gps) = self.gps_time {
            return Some(gps);
        }
        let local = self.taken_at_local?;
        in_offset(local, local_offset(local)?)
    }
}

fn in_offset(local: NaiveDateTime, offset: FixedOffset) -> Option<DateTime<Utc>> {
    offset
        .from_local_datetime(&local)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Reads the EXIF of a JPEG, PNG or WebP held in memory. Missing or unreadable EXIF gives
/// empty data.
pub fn read(bytes: &Bytes) -> ExifData {
    let exif = MediaSource::from_memory(bytes.clone())
        .and_then(|ms| MediaParser::new().parse_exif(ms))
        .map(Exif::from);
    match exif {
        Ok(exif) => from_exif(&exif),
        Err(e) => {
            tracing::debug!(error = %e, "no readable EXIF");
            ExifData::default()
        }
    }
}

fn from_exif(exif: &Exif) -> ExifData {
    let (taken_at_local, taken_offset) = match exif.get(ExifTag::DateTimeOriginal) {
        Some(v) => match v.as_datetime() {
            Some(ExifDateTime::Aware(t)) => (Some(t.naive_local()), Some(*t.offset())),
            Some(ExifDateTime::Naive(t)) => (Some(t), None),
            None => (v.as_str().and_then(parse_exif_datetime), None),
        },
        None => (None, None),
    };
    let taken_offset = taken_offset.or_else(|| {
        exif.get(ExifTag::OffsetTimeOriginal)
            .and_then(EntryValue::as_str)
            .and_then(parse_offset)
    });
    let position = exif.gps_info().and_then(|g| {
        let lat = g.latitude.to_decimal_degrees()? * g.latitude_ref.sign();
        let lon = g.longitude.to_decimal_degrees()? * g.longitude_ref.sign();
        let p = LatLon { lat, lon };
        // Cameras without a fix often write 0/0; a real photo at Null Island is unlikely.
        let plausible = p.validate("gps").is_ok() && !(lat == 0.0 && lon == 0.0);
        plausible.then_some(p)
    });
    let accuracy_m = exif
        .get_by_code_in(IfdIndex::MAIN, IfdKind::Gps, GPS_H_POSITIONING_ERROR)
        .and_then(number)
        .filter(|a| a.is_finite() && *a >= 0.0);
    let orientation = exif
        .get(ExifTag::Orientation)
        .and_then(|v| {
            v.as_u16()
                .or_else(|| v.as_u32().and_then(|o| u16::try_from(o).ok()))
        })
        .filter(|o| (1..=8).contains(o));
    ExifData {
        taken_at_local,
        taken_offset,
        gps_time: gps_time(exif),
        position,
        accuracy_m: accuracy_m.filter(|_| position.is_some()),
        orientation,
    }
}

fn number(v: &EntryValue) -> Option<f64> {
    v.as_urational()
        .and_then(|r| r.to_f64())
        .or_else(|| v.as_f64())
        .or_else(|| v.as_u32().map(f64::from))
        .or_else(|| v.as_u16().map(f64::from))
}

fn gps_time(exif: &Exif) -> Option<DateTime<Utc>> {
    let date = exif.get(ExifTag::GPSDateStamp)?;
    let date = match date.as_datetime() {
        Some(d) => d
            .aware()
            .map_or_else(|| naive_of(&d).date(), |t| t.date_naive()),
        None => NaiveDate::parse_from_str(date.as_str()?.trim(), "%Y:%m:%d").ok()?,
    };
    let hms = exif.get(ExifTag::GPSTimeStamp)?.as_urational_slice()?;
    let [h, m, s] = hms else { return None };
    let secs = h.to_f64()? * 3600.0 + m.to_f64()? * 60.0 + s.to_f64()?;
    if !(0.0..86_400.0).contains(&secs) {
        return None;
    }
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0)?;
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

fn naive_of(d: &ExifDateTime) -> NaiveDateTime {
    match d {
        ExifDateTime::Aware(t) => t.naive_local(),
        ExifDateTime::Naive(t) => *t,
    }
}

fn parse_exif_datetime(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s.trim_end_matches('\0').trim(), "%Y:%m:%d %H:%M:%S").ok()
}

/// Parses an EXIF offset such as `+01:00` or `-03:30`.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim_end_matches('\0').trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * secs)
}
