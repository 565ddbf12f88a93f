//! Imports of locations and checklists: good files in both formats, and bad files that
//! import nothing and say what is wrong, row by row.

use reqwest::Method;
use rust_xlsxwriter::Workbook;
use touchstone_shared::checklist::{Checklist, ItemKind};
use touchstone_shared::condition::{Condition, ConditionValue};
use touchstone_shared::import::{ImportErrorBody, ImportSummary};
use touchstone_shared::location::Location;
use touchstone_shared::page::Page;
use touchstone_tests::session::Reply;
use touchstone_tests::{Session, TestApp, World};

const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn upload(session: &Session, path: &str, content_type: &str, body: &[u8]) -> Reply {
    session
        .send_raw(Method::POST, path, content_type, body.to_vec())
        .await
}

fn locations_path(w: &World) -> String {
    format!("/api/v1/clients/{}/locations/import", w.client.id)
}

fn checklist_path(w: &World) -> String {
    format!("/api/v1/journeys/{}/checklists/import", w.journey.id)
}

async fn locations(w: &World) -> Vec<Location> {
    w.consultant
        .get(&format!(
            "/api/v1/locations?client_id={}&limit=500",
            w.client.id
        ))
        .await
        .expect::<Page<Location>>(200)
        .items
}

async fn checklist_count(w: &World) -> usize {
    w.consultant
        .get(&format!(
            "/api/v1/checklists?client_id={}&limit=500",
            w.client.id
        ))
        .await
        .expect::<Page<Checklist>>(200)
        .items
        .len()
}

/// The problems of a 422, as (row, column, problem).
fn problems(reply: &Reply) -> Vec<(u32, String, String)> {
    let body: ImportErrorBody = reply.expect(422);
    assert_eq!(reply.error_code(), "invalid_input");
    body.error
        .errors
        .into_iter()
        .map(|p| (p.row, p.column.unwrap_or_default(), p.problem))
        .collect()
}

fn rows_and_columns(found: &[(u32, String, String)]) -> Vec<(u32, &str)> {
    found.iter().map(|(r, c, _)| (*r, c.as_str())).collect()
}

#[tokio::test]
async fn locations_import_from_csv_creates_every_row() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-csv").await;
    let file = "Name;Code;Address;Region;Latitude;Longitude;Radius\n\
                Baixa;LIS-02;\"Rua Augusta 20; Lisboa\";Lisbon;38.7101;-9.1368;90\n\
                Ribeira;POR-01;;North;41.1406;-8.6130;\n";
    let summary: ImportSummary = upload(&w.consultant, &locations_path(&w), CSV, file.as_bytes())
        .await
        .expect(201);
    assert_eq!(summary.created, 2);
    let all = locations(&w).await;
    assert_eq!(all.len(), 3, "the world's location and two imported");
    let baixa = all.iter().find(|l| l.code == "LIS-02").expect("LIS-02");
    assert_eq!(baixa.address, "Rua Augusta 20; Lisboa");
    assert_eq!((baixa.position.lat, baixa.position.lon), (38.7101, -9.1368));
    assert_eq!(baixa.radius_m, 90.0);
    let ribeira = all.iter().find(|l| l.code == "POR-01").expect("POR-01");
    assert_eq!(ribeira.radius_m, 150.0, "the default radius");
    assert_eq!(ribeira.region, "North");
}

#[tokio::test]
async fn locations_import_from_xlsx_keeps_numbers_exact() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-xlsx").await;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["code", "name", "lat", "lon", "radius", "region"]
        .into_iter()
        .enumerate()
    {
        sheet
            .write(0, u16::try_from(col).expect("col"), title)
            .expect("cell");
    }
    sheet.write(1, 0, "FAR-01").expect("cell");
    sheet.write(1, 1, "Faro").expect("cell");
    sheet.write(1, 2, 37.019_355_123).expect("cell");
    sheet.write(1, 3, -7.930_440_987).expect("cell");
    sheet.write(1, 4, 200).expect("cell");
    sheet.write(1, 5, "South").expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");
    let summary: ImportSummary = upload(&w.admin, &locations_path(&w), XLSX, &bytes)
        .await
        .expect(201);
    assert_eq!(summary.created, 1);
    let faro = locations(&w)
        .await
        .into_iter()
        .find(|l| l.code == "FAR-01")
        .expect("FAR-01");
    assert_eq!(faro.position.lat, 37.019_355_123);
    assert_eq!(faro.position.lon, -7.930_440_987);
    assert_eq!(faro.radius_m, 200.0);
}

#[tokio::test]
async fn a_file_with_bad_rows_imports_nothing_and_lists_every_problem() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-bad").await;
    let file = "code,name,lat,lon,time_zone\n\
                NEW-01,Fine,38.7,-9.1,Europe/Lisbon\n\
                NEW-02,Too far north,91.5,-9.1,\n\
                NEW-03,Words,38.7,west,\n\
                NEW-01,Again,38.7,-9.1,\n\
                LIS-01,Already stored,38.7,-9.1,\n\
                NEW-04,Typo zone,38.7,-9.1,Europe/Lisbn\n";
    let reply = upload(&w.consultant, &locations_path(&w), CSV, file.as_bytes()).await;
    let found = problems(&reply);
    assert_eq!(
        rows_and_columns(&found),
        [
            (3, "lat"),
            (4, "lon"),
            (5, "code"),
            (6, "code"),
            (7, "time_zone")
        ],
        "{found:#?}"
    );
    assert!(found[4].2.contains("IANA time zone"), "{found:#?}");
    assert!(found[0].2.contains("between -90 and 90"));
    assert!(found[1].2.contains("`west` is not a longitude"));
    assert_eq!(found[2].2, "duplicate code `NEW-01`: row 2 has it too");
    assert!(
        found[3]
            .2
            .contains("already has a location with code `LIS-01`")
    );
    assert_eq!(locations(&w).await.len(), 1, "nothing imported");
}

#[tokio::test]
async fn a_row_with_two_bad_cells_reports_both() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-two").await;
    let file = "code,name,lat,lon,radius
                NEW-01,Two wrongs,123.5,west,
                NEW-02,,38.7,-9.1,0
";
    let reply = upload(&w.consultant, &locations_path(&w), CSV, file.as_bytes()).await;
    let found = problems(&reply);
    assert_eq!(
        rows_and_columns(&found),
        [(2, "lat"), (2, "lon"), (3, "name"), (3, "radius")],
        "{found:#?}"
    );
    assert!(found[0].2.contains("between -90 and 90"), "{found:#?}");
    assert!(
        found[1].2.contains("`west` is not a longitude"),
        "{found:#?}"
    );
    assert_eq!(locations(&w).await.len(), 1, "nothing imported");
}

#[tokio::test]
async fn a_missing_column_is_reported_on_the_header_row() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-col").await;
    let reply = upload(
        &w.consultant,
        &locations_path(&w),
        CSV,
        b"code,name,latitude\nNEW-01,Shop,38.7\n",
    )
    .await;
    let found = problems(&reply);
    assert_eq!(rows_and_columns(&found), [(1, "lon")]);
    assert!(found[0].2.contains("missing column"));
    assert_eq!(locations(&w).await.len(), 1);
}

#[tokio::test]
async fn a_file_not_in_utf8_is_refused_with_the_rows_to_fix() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-enc").await;
    // Latin-1, as older Excel saves "CSV (Comma delimited)".
    let reply = upload(
        &w.consultant,
        &locations_path(&w),
        CSV,
        b"code,name,lat,lon\nNEW-01,Caf\xE9 Central,38.7,-9.1\nNEW-02,Plain,38.7,-9.1\n",
    )
    .await;
    let found = problems(&reply);
    assert_eq!(rows_and_columns(&found), [(2, "name")]);
    assert!(found[0].2.contains("UTF-8"));
    assert_eq!(locations(&w).await.len(), 1);
}

#[tokio::test]
async fn wrong_media_types_and_oversized_files_are_refused() {
    let app = TestApp::with_config(|c| c.max_import_bytes = 1024).await;
    let w = World::build(&app, "imp-size").await;
    let reply = upload(&w.consultant, &locations_path(&w), "image/png", b"x").await;
    assert_eq!(reply.status.as_u16(), 415);
    assert_eq!(reply.error_code(), "unsupported_media_type");
    // The media types a cross-site form sends without a CORS preflight never reach it.
    let row = b"code,name,lat,lon\nX1,Forged,1,1\n";
    for simple in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
    ] {
        let reply = upload(&w.consultant, &locations_path(&w), simple, row).await;
        assert_eq!(reply.status.as_u16(), 415, "{simple}: {}", reply.body);
    }
    let big = format!("code,name,lat,lon\n{}", "A,B,1,1\n".repeat(200));
    let reply = upload(&w.consultant, &locations_path(&w), CSV, big.as_bytes()).await;
    assert_eq!(reply.status.as_u16(), 413, "{}", reply.body);
    assert_eq!(reply.error_code(), "payload_too_large");
    let reply = upload(&w.consultant, &locations_path(&w), XLSX, b"not a workbook").await;
    let found = problems(&reply);
    assert!(found[0].2.contains("not an XLSX"), "{found:?}");
    // JSON routes keep their own limit.
    assert_eq!(locations(&w).await.len(), 1);
}

const CHECKLIST_CSV: &str = "Stage,Touchpoint,Label,Type,Weight,Options,N/A,Critical,Required,Photo required\n\
    Purchase,Greeting,Greeted within 30 s,yes_no,2,,,yes,yes,\n\
    Purchase,Greeting,Warmth,scale,4,1..5,yes,,,\n\
    ,Counter,Tone,choice,,Warm=3; Neutral=1; Cold=0,,,,\n\
    ,Counter,Wait (s),number,,60=2; 180=1,,,,\n\
    ,Farewell,Recommend?,nps,,,,,,\n\
    ,Farewell,Photo of the counter,photo,,,,,,yes\n";

#[tokio::test]
async fn a_checklist_is_created_from_a_csv_of_items() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-chk").await;
    let checklist: Checklist = upload(
        &w.consultant,
        &format!(
            "{}?name=Imported%20visit&critical_fails_audit=true&min_visit_minutes=15",
            checklist_path(&w)
        ),
        CSV,
        CHECKLIST_CSV.as_bytes(),
    )
    .await
    .expect(201);
    let content = &checklist.version.content;
    assert_eq!(content.name, "Imported visit");
    assert!(content.critical_fails_audit);
    assert_eq!(content.min_visit_minutes, Some(15));
    assert_eq!(checklist.journey_id, w.journey.id);
    let sections: Vec<_> = content
        .sections
        .iter()
        .map(|s| (s.touchpoint_id, s.items.len()))
        .collect();
    assert_eq!(
        sections,
        [
            (w.touchpoint(0), 2),
            (w.touchpoint(1), 2),
            (w.touchpoint(2), 2)
        ]
    );
    let greeted = &content.sections[0].items[0];
    assert!(greeted.critical && greeted.required && greeted.weight == 2.0);
    assert_eq!(
        content.sections[0].items[1].kind,
        ItemKind::Scale { min: 1.0, max: 5.0 }
    );
    assert!(content.sections[0].items[1].allow_na);
    assert!(content.sections[2].items[1].photo_required);
    // It is an ordinary checklist: the API serves it back.
    let fetched: Checklist = w
        .manager
        .get(&format!("/api/v1/checklists/{}", checklist.id))
        .await
        .expect(200);
    assert_eq!(fetched, checklist);
}

#[tokio::test]
async fn a_checklist_is_created_from_an_xlsx_of_items() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-chkx").await;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["touchpoint", "label", "type", "weight", "options"],
        ["Greeting", "Smiled", "yes_no", "3", ""],
        ["Counter", "Speed", "number", "", "60=2; 120=1"],
    ];
    for (r, row) in (0u32..).zip(rows) {
        for (c, text) in (0u16..).zip(row) {
            if r > 0 && c == 3 && !text.is_empty() {
                sheet
                    .write(r, c, text.parse::<f64>().expect("number"))
                    .expect("cell");
            } else {
                sheet.write(r, c, text).expect("cell");
            }
        }
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let checklist: Checklist = upload(&w.admin, &checklist_path(&w), XLSX, &bytes)
        .await
        .expect(201);
    assert_eq!(checklist.version.content.name, w.journey.name);
    assert_eq!(checklist.version.content.sections[0].items[0].weight, 3.0);
}

#[tokio::test]
async fn a_checklist_file_with_problems_creates_nothing() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-chkbad").await;
    let before = checklist_count(&w).await;
    let file = "touchpoint,label,type,options,critical\n\
                Greeting,Fine,yes_no,,\n\
                Lobby,Clean,yes_no,,\n\
                Greeting,Smile,emoji,,\n\
                Counter,Tone,choice,Warm;Cold=0,\n\
                Counter,Notes,text,,yes\n";
    let found = problems(&upload(&w.consultant, &checklist_path(&w), CSV, file.as_bytes()).await);
    assert_eq!(
        rows_and_columns(&found),
        [
            (3, "touchpoint"),
            (4, "type"),
            (5, "options"),
            (6, "critical")
        ],
        "{found:#?}"
    );
    assert!(found[0].2.contains("no touchpoint `Lobby`"));
    let found = problems(
        &upload(
            &w.consultant,
            &checklist_path(&w),
            CSV,
            b"label,type\nA,text\n",
        )
        .await,
    );
    assert_eq!(rows_and_columns(&found), [(1, "touchpoint")]);
    assert_eq!(checklist_count(&w).await, before, "nothing created");
}

#[tokio::test]
async fn a_checklist_file_branches_on_the_keys_of_earlier_rows() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-branch").await;
    let file = "Touchpoint,Key,Label,Type,Options,Show if,Photo if failed,Note if failed\n\
                Greeting,G1,Greeted?,yes_no,,,yes,yes\n\
                Greeting,G2,Why not?,text,,G1 = no,,\n\
                Counter,C1,Drink offered,choice,Coffee=1; Water=1; None=0,G1 = yes,,\n\
                Counter,,Wait (s),number,60=2; 180=1,C1 in Coffee; water or G2 answered,,\n";
    let checklist: Checklist = upload(&w.consultant, &checklist_path(&w), CSV, file.as_bytes())
        .await
        .expect(201);
    let items: Vec<_> = checklist.version.content.items().map(|(_, i)| i).collect();
    assert!(items[0].photo_if_failed && items[0].note_if_failed);
    assert_eq!(
        items[1].show_if,
        Some(Condition::Equals {
            item_id: items[0].id,
            value: ConditionValue::Bool(false)
        })
    );
    let Some(Condition::Any { conditions }) = &items[3].show_if else {
        panic!("an `or` condition: {:?}", items[3].show_if);
    };
    assert_eq!(
        conditions[0],
        Condition::OneOf {
            item_id: items[2].id,
            values: vec![
                ConditionValue::Text("Coffee".into()),
                ConditionValue::Text("Water".into())
            ]
        }
    );
}

#[tokio::test]
async fn a_checklist_file_with_bad_conditions_names_each_row_and_creates_nothing() {
    let app = TestApp::new().await;
    let w = World::build(&app, "imp-branchbad").await;
    let before = checklist_count(&w).await;
    let file = "Touchpoint,Key,Label,Type,Options,Show if,Photo if failed\n\
                Greeting,G1,Greeted?,yes_no,,G2 = yes,\n\
                Greeting,G2,Smiled?,yes_no,,G1 = maybe,\n\
                Greeting,G1,Again,yes_no,,,\n\
                Counter,C1,Notes,text,,,yes\n";
    let found = problems(&upload(&w.consultant, &checklist_path(&w), CSV, file.as_bytes()).await);
    assert_eq!(
        rows_and_columns(&found),
        [
            (2, "show_if"),
            (3, "show_if"),
            (4, "key"),
            (5, "photo_if_failed")
        ],
        "{found:#?}"
    );
    assert!(found[0].2.contains("no earlier item has the key `G2`"));
    assert!(found[1].2.contains("`maybe` is not yes or no"));
    // In file order the condition looks back, but grouping by touchpoint puts the greeting
    // (second touchpoint in the file) after the counter: the row is named, with its key.
    let file = "Touchpoint,Key,Label,Type,Show if\n\
                Counter,C1,Tone ok?,yes_no,\n\
                Greeting,G1,Greeted?,yes_no,C1 = yes\n\
                Counter,C2,Paid?,yes_no,G1 = no\n";
    let found = problems(&upload(&w.consultant, &checklist_path(&w), CSV, file.as_bytes()).await);
    assert_eq!(rows_and_columns(&found), [(4, "show_if")], "{found:#?}");
    assert!(found[0].2.contains("`G1`"), "{found:#?}");
    assert_eq!(checklist_count(&w).await, before, "nothing created");
}
