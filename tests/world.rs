//! A small organisation built through the API: users of every role, a client with a
//! journey, a location, a checklist and an assignment — the ground most tests stand on.

use crate::{Session, TestApp};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use touchstone_server::service::setup::create_organisation;
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{
    Answer, AnswerValue, Audit, AuditInput, AuditStatus, TouchpointNote, Visit,
};
use touchstone_shared::checklist::Checklist;
use touchstone_shared::client::Client;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::{LatLon, Location};
use touchstone_shared::user::{NewUser, Role, User};
use uuid::Uuid;

/// Password of every test user.
pub const PASSWORD: &str = "correct horse battery";

/// An organisation with one user per role and a client set up for audits.
pub struct World {
    /// Organisation id.
    pub org_id: Uuid,
    /// Admin session.
    pub admin: Session,
    /// Consultant session.
    pub consultant: Session,
    /// Manager session (manager of `client`).
    pub manager: Session,
    /// Auditor session.
    pub auditor: Session,
    /// Users by role: admin, consultant, manager, auditor.
    pub users: Vec<User>,
    /// The client.
    pub client: Client,
    /// Its journey: stage A (touchpoints 0, 1), stage B (touchpoint 2).
    pub journey: Journey,
    /// A location of the client.
    pub location: Location,
    /// The checklist (items listed in [`World::item`]).
    pub checklist: Checklist,
    /// An assignment of the auditor.
    pub assignment: Assignment,
}

/// Email of a test user.
pub fn email(prefix: &str, role: Role) -> String {
    format!("{}.{prefix}@example.test", role.as_str())
}

impl World {
    /// Builds a world named `prefix` (emails are unique per prefix) on `app`.
    pub async fn build(app: &TestApp, prefix: &str) -> World {
        let admin_user = NewUser {
            email: email(prefix, Role::Admin),
            name: format!("Admin {prefix}"),
            role: Role::Admin,
            password: PASSWORD.into(),
            client_ids: Vec::new(),
        };
        create_organisation(&app.state, &format!("Agency {prefix}"), "UTC", admin_user)
            .await
            .expect("organisation");
        World::populate(&app.base, prefix).await
    }

    /// Fills the organisation whose admin is `admin.<prefix>@example.test` (password
    /// [`PASSWORD`]) on the server at `base`.
    pub async fn populate(base: &str, prefix: &str) -> World {
        let session = || crate::Session::new(base);
        let admin = session();
        admin.login(&email(prefix, Role::Admin), PASSWORD).await;
        let me: touchstone_shared::user::Me = admin.get("/api/v1/auth/me").await.expect(200);

        let consultant_user = create_user(&admin, prefix, Role::Consultant, &[]).await;
        let consultant = session();
        consultant.login(&consultant_user.email, PASSWORD).await;

        let client: Client = consultant
            .post(
                "/api/v1/clients",
                &json!({"name": format!("Brand {prefix}"), "target_percent": 80}),
            )
            .await
            .expect(201);
        let manager_user = create_user(&admin, prefix, Role::Manager, &[client.id]).await;
        let auditor_user = create_user(&admin, prefix, Role::Auditor, &[]).await;
        let manager = session();
        manager.login(&manager_user.email, PASSWORD).await;
        let auditor = session();
        auditor.login(&auditor_user.email, PASSWORD).await;

        let journey: Journey = consultant
            .post("/api/v1/journeys", &journey_body(client.id))
            .await
            .expect(201);
        let location: Location = consultant
            .post(
                "/api/v1/locations",
                &json!({
                    "client_id": client.id, "code": "LIS-01", "name": "Chiado",
                    "address": "Rua Garrett 1, Lisboa", "region": "Lisbon",
                    "position": {"lat": 38.7107, "lon": -9.1420}, "radius_m": 150,
                    "time_zone": "Europe/Lisbon"
                }),
            )
            .await
            .expect(201);
        let checklist: Checklist = consultant
            .post("/api/v1/checklists", &checklist_body(client.id, &journey))
            .await
            .expect(201);
        let assignment = assign(&consultant, &checklist, &location, auditor_user.id).await;
        World {
            org_id: me.organisation_id,
            admin,
            consultant,
            manager,
            auditor,
            users: vec![me.user.clone(), consultant_user, manager_user, auditor_user],
            client,
            journey,
            location,
            checklist,
            assignment,
        }
    }

    /// The user of a role.
    pub fn user(&self, role: Role) -> &User {
        self.users
            .iter()
            .find(|u| u.role == role)
            .expect("user of role")
    }

    /// The session of a role.
    pub fn session(&self, role: Role) -> &Session {
        match role {
            Role::Admin => &self.admin,
            Role::Consultant => &self.consultant,
            Role::Manager => &self.manager,
            Role::Auditor => &self.auditor,
        }
    }

    /// Item `n` of the checklist (0-based, in checklist order):
    /// 0 yes/no w2 critical, 1 scale 1–5 w4 N/A allowed (touchpoint 0);
    /// 2 choice Warm 3/Neutral 1/Cold 0, 3 number ≤60→2 ≤180→1, 4 text required (touchpoint 1);
    /// 5 yes/no w1, 6 NPS, 7 photo (touchpoint 2).
    pub fn item(&self, n: usize) -> Uuid {
        self.checklist
            .version
            .content
            .items()
            .nth(n)
            .map(|(_, item)| item.id)
            .expect("item")
    }

    /// Touchpoint `n` of the journey in order.
    pub fn touchpoint(&self, n: usize) -> Uuid {
        self.journey
            .stages
            .iter()
            .flat_map(|s| &s.touchpoints)
            .nth(n)
            .map(|t| t.id)
            .expect("touchpoint")
    }

    /// A complete audit of `assignment` with the given answers to items 0–6.
    pub fn audit(
        &self,
        assignment: Uuid,
        status: AuditStatus,
        values: [AnswerValue; 7],
    ) -> AuditInput {
        let now = Utc::now();
        AuditInput {
            assignment_id: assignment,
            status,
            visit: Visit {
                check_in_at: Some(now - Duration::minutes(30)),
                check_out_at: Some(now - Duration::minutes(5)),
                position: Some(LatLon {
                    lat: 38.7108,
                    lon: -9.1421,
                }),
                accuracy_m: Some(12.0),
                position_error: None,
            },
            answers: values
                .into_iter()
                .enumerate()
                .map(|(n, value)| Answer {
                    item_id: self.item(n),
                    value,
                    comment: String::new(),
                    photos: Vec::new(),
                })
                .collect(),
            touchpoint_notes: vec![TouchpointNote {
                touchpoint_id: self.touchpoint(0),
                emotion: Some(1),
                pain_point: "Queue at the door".into(),
                photos: Vec::new(),
            }],
        }
    }

    /// The perfect audit of `assignment` with `photos` (sha256s) attached to the photo item
    /// (item 7).
    pub fn audit_with_photos(
        &self,
        assignment: Uuid,
        status: AuditStatus,
        photos: &[&str],
    ) -> AuditInput {
        let mut input = self.audit(assignment, status, self.perfect());
        input.answers.push(Answer {
            item_id: self.item(7),
            value: AnswerValue::Photo,
            comment: String::new(),
            photos: photos.iter().map(|s| (*s).to_owned()).collect(),
        });
        input
    }

    /// A perfect set of answers.
    pub fn perfect(&self) -> [AnswerValue; 7] {
        [
            AnswerValue::YesNo(true),
            AnswerValue::Scale(5.0),
            AnswerValue::Choice("Warm".into()),
            AnswerValue::Number(30.0),
            AnswerValue::Text("All good".into()),
            AnswerValue::YesNo(true),
            AnswerValue::Nps(10),
        ]
    }

    /// The consultant approves submitted audit `id`.
    pub async fn approve(&self, id: Uuid) -> Audit {
        self.consultant
            .post(
                &format!("/api/v1/audits/{id}/review"),
                &json!({"decision": "approve"}),
            )
            .await
            .expect::<Audit>(200)
    }

    /// Another assignment of the auditor at the world's location.
    pub async fn new_assignment(&self) -> Assignment {
        assign(
            &self.consultant,
            &self.checklist,
            &self.location,
            self.user(Role::Auditor).id,
        )
        .await
    }
}

/// Creates a user through the API (as admin).
pub async fn create_user(admin: &Session, prefix: &str, role: Role, client_ids: &[Uuid]) -> User {
    admin
        .post(
            "/api/v1/users",
            &json!({
                "email": email(prefix, role), "name": format!("{} {prefix}", role.as_str()),
                "role": role, "password": PASSWORD, "client_ids": client_ids
            }),
        )
        .await
        .expect(201)
}

/// Creates an assignment through the API (as consultant).
pub async fn assign(
    consultant: &Session,
    checklist: &Checklist,
    location: &Location,
    auditor: Uuid,
) -> Assignment {
    let now = Utc::now();
    consultant
        .post(
            "/api/v1/assignments",
            &json!({
                "checklist_version_id": checklist.version.id, "location_id": location.id,
                "auditor_id": auditor, "not_before": now - Duration::days(1),
                "due": now + Duration::days(6), "scenario": "Ask for a decaf oat latte"
            }),
        )
        .await
        .expect(201)
}

fn journey_body(client_id: Uuid) -> Value {
    let id = || Uuid::now_v7();
    json!({
        "client_id": client_id, "name": "Shop visit",
        "stages": [
            {"id": id(), "name": "Purchase", "touchpoints": [
                {"id": id(), "name": "Greeting", "channel": "in_store"},
                {"id": id(), "name": "Counter", "channel": "in_store"}]},
            {"id": id(), "name": "Advocacy", "touchpoints": [
                {"id": id(), "name": "Farewell", "channel": "in_store"}]}
        ]
    })
}

fn checklist_body(client_id: Uuid, journey: &Journey) -> Value {
    let tp: Vec<Uuid> = journey
        .stages
        .iter()
        .flat_map(|s| &s.touchpoints)
        .map(|t| t.id)
        .collect();
    let id = || Uuid::now_v7();
    json!({
        "client_id": client_id, "journey_id": journey.id,
        "content": {
            "name": "Shop visit", "critical_fails_audit": false, "min_visit_minutes": 10,
            "sections": [
                {"touchpoint_id": tp[0], "items": [
                    {"id": id(), "label": "Greeted within 30 s", "kind": {"type": "yes_no"}, "weight": 2, "critical": true, "required": true},
                    {"id": id(), "label": "Warmth", "kind": {"type": "scale", "min": 1, "max": 5}, "weight": 4, "allow_na": true}]},
                {"touchpoint_id": tp[1], "items": [
                    {"id": id(), "label": "Tone", "kind": {"type": "choice", "options": [
                        {"label": "Warm", "points": 3}, {"label": "Neutral", "points": 1}, {"label": "Cold", "points": 0}]}},
                    {"id": id(), "label": "Wait (s)", "kind": {"type": "number", "bands": [
                        {"upto": 60, "points": 2}, {"upto": 180, "points": 1}]}},
                    {"id": id(), "label": "What did you order?", "kind": {"type": "text"}, "required": true}]},
                {"touchpoint_id": tp[2], "items": [
                    {"id": id(), "label": "Thanked", "kind": {"type": "yes_no"}, "weight": 1},
                    {"id": id(), "label": "Recommend?", "kind": {"type": "nps"}},
                    {"id": id(), "label": "Photo of the counter", "kind": {"type": "photo"}}]}
            ]
        }
    })
}
