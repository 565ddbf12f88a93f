//! Which pages each role uses: the nav's entries and where a role lands after signing in.

use touchstone_shared::user::Role;

/// One entry of the nav: address and label.
pub type Link = (&'static str, &'static str);

/// The pages `role` may use, in nav order.
pub fn links(role: Role) -> Vec<Link> {
    let mut links = Vec::new();
    if role == Role::Auditor {
        links.push(("/", "My assignments"));
    }
    if matches!(role, Role::Admin | Role::Consultant) {
        links.push(("/review", "Review"));
    }
    if matches!(role, Role::Admin | Role::Consultant | Role::Manager) {
        links.push(("/scorecards", "Scorecards"));
        links.push(("/journey-map", "Journey map"));
        links.push(("/actions", "Actions"));
    }
    if matches!(role, Role::Admin | Role::Consultant) {
        // Journeys, checklists, assignments, imports and reports; their own tabs inside.
        links.push(("/consult/journeys", "Tools"));
    }
    links
}

/// Where `role` lands after signing in. `static/signin.js` sends each role there from the
/// sign-in page with a table of its own (`client/tests/bundles.rs` checks the two agree).
pub fn landing(role: Role) -> &'static str {
    match role {
        Role::Auditor => "/",
        Role::Admin | Role::Consultant => "/review",
        Role::Manager => "/scorecards",
    }
}

/// Roles that review audits.
pub const REVIEWERS: &[Role] = &[Role::Admin, Role::Consultant];
/// Roles that read scorecards and work on corrective actions.
pub const SCORECARD_READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Manager];

/// Addresses served by the office bundle (review, scorecards, actions, consultant tools, and
/// the shopper panel's online pages, which the offline audit path never needs): a path
/// equal to one of these or under it. Every other path starts the field bundle.
/// `static/boot.js` picks the bundle from the same list (`client/tests/bundles.rs` checks
/// the two agree).
pub const OFFICE_PATHS: &[&str] = &[
    "/review",
    "/audits",
    "/scorecards",
    "/journey-map",
    "/actions",
    "/consult",
    "/jobs",
    "/certification",
    "/earnings",
    "/profile",
];

/// Whether `path` is a page of the office bundle.
pub fn is_office_path(path: &str) -> bool {
    OFFICE_PATHS.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}
