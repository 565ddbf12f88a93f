use leptos::prelude::*;
use touchstone_shared::verify::{Flag, FlagKind};

/// Proof-of-visit flags with their figures; nothing when there are none.
#[component]
pub fn FlagList(
    /// The flags.
    flags: Vec<Flag>,
    /// The page already states the check-in distance with its figures: the geofence flag
    /// says what it means instead of repeating them.
    #[prop(optional)]
    distance_shown: bool,
) -> impl IntoView {
    (!flags.is_empty()).then(|| {
        view! {
            <ul class="flags" aria-label="Proof-of-visit flags" data-testid="flags">
                {flags
                    .into_iter()
                    .map(|f| {
                        let message = if distance_shown && f.kind == FlagKind::OutsideGeofence {
                            "the check-in distance above is outside the geofence, even allowing for the GPS accuracy".to_owned()
                        } else {
                            f.message
                        };
                        view! {
                            <li class="flag" data-kind=f.kind.as_str()>
                                <strong>{flag_title(f.kind)}</strong>
                                ": "
                                {message}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// A short title of a flag kind.
pub fn flag_title(kind: touchstone_shared::verify::FlagKind) -> &'static str {
    use touchstone_shared::verify::FlagKind as K;
    match kind {
        K::NoCheckIn => "No check-in",
        K::NoPosition => "No position",
        K::OutsideGeofence => "Outside geofence",
        K::PoorAccuracy => "Poor GPS accuracy",
        K::OutsideWindow => "Outside window",
        K::ShortVisit => "Short visit",
        K::PhotoTimeOutsideVisit => "Photo time outside visit",
        K::PhotoOutsideGeofence => "Photo outside geofence",
        K::PhotoReused => "Photo reused",
        K::ReceiptTimeOutsideVisit => "Receipt time outside visit",
    }
}

/// Every flag kind, for filters.
pub const FLAG_KINDS: [touchstone_shared::verify::FlagKind; 10] = {
    use touchstone_shared::verify::FlagKind as K;
    [
        K::NoCheckIn,
        K::NoPosition,
        K::OutsideGeofence,
        K::PoorAccuracy,
        K::OutsideWindow,
        K::ShortVisit,
        K::PhotoTimeOutsideVisit,
        K::PhotoOutsideGeofence,
        K::PhotoReused,
        K::ReceiptTimeOutsideVisit,
    ]
};
