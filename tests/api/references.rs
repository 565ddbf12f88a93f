//! References are owned: an audit may cite only photos its own auditor uploaded, and an
//! audit id of another organisation answers like any id the caller may not see (issue 16,
//! findings 5 and 7).

use reqwest::{Method, StatusCode};
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::photo::Photo;
use touchstone_shared::user::Role;
use touchstone_tests::world::{PASSWORD, assign, create_user};
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

#[tokio::test]
async fn an_auditor_cannot_cite_a_colleagues_photo_to_read_it() {
    let app = TestApp::new().await;
    let w = World::build(&app, "ref-photo").await;
    let photo: Photo = w
        .auditor
        .send_raw(
            Method::POST,
            "/api/v1/photos",
            "image/jpeg",
            fixtures::jpeg(64, 48),
        )
        .await
        .expect(201);
    let colleague = create_user(&w.admin, "ref-colleague", Role::Auditor, &[]).await;
    let session = app.session();
    session.login(&colleague.email, PASSWORD).await;
    let assignment = assign(&w.consultant, &w.checklist, &w.location, colleague.id).await;
    let draft = w.audit_with_photos(assignment.id, AuditStatus::Draft, &[&photo.sha256]);
    let reply = session
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &draft)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "answers[7].photos[0]");
    let original = session
        .get(&format!("/api/v1/photos/{}/original", photo.sha256))
        .await;
    assert_eq!(original.status, StatusCode::NOT_FOUND);

    // Uploading the same bytes makes them the colleague's too: then they may use them.
    let again: Photo = session
        .send_raw(
            Method::POST,
            "/api/v1/photos",
            "image/jpeg",
            fixtures::jpeg(64, 48),
        )
        .await
        .expect(200);
    assert_eq!(again.sha256, photo.sha256);
    session
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &draft)
        .await
        .expect::<Audit>(201);
}

#[tokio::test]
async fn another_organisations_audit_id_answers_404_not_409() {
    let app = TestApp::new().await;
    let home = World::build(&app, "ref-home").await;
    let away = World::build(&app, "ref-away").await;
    let taken = Uuid::now_v7();
    home.auditor
        .put(
            &format!("/api/v1/audits/{taken}"),
            &home.audit(home.assignment.id, AuditStatus::Draft, home.perfect()),
        )
        .await
        .expect::<Audit>(201);
    let body = away.audit(away.assignment.id, AuditStatus::Draft, away.perfect());
    let reply = away
        .auditor
        .put(&format!("/api/v1/audits/{taken}"), &body)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(reply.error_code(), "not_found");
    // A fresh id still works for them.
    away.auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &body)
        .await
        .expect::<Audit>(201);
}
