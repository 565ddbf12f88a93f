//! The consultant's calls: clients, journeys, checklists, locations, auditors, assignments,
//! imports and the client report.

use super::{
    ApiError, ApiResult, Body, all_pages, fetch, js_err, json, query, send, status_error, text,
    to_json,
};
use js_sys::{Array, Reflect, Uint8Array};
use std::time::Duration;
use touchstone_shared::assignment::{Assignment, AssignmentBatch};
use touchstone_shared::checklist::{Checklist, ChecklistInput};
use touchstone_shared::client::{Client, ClientInput};
use touchstone_shared::import::{ImportErrorBody, ImportSummary, RowProblem};
use touchstone_shared::journey::{Journey, JourneyInput};
use touchstone_shared::organisation::{Organisation, OrganisationSettings};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, ReadableStreamDefaultReader, Response};

/// Why a write that is checked row by row (an import, a batch) was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The server listed what is wrong, row by row; nothing was written.
    Rows(Vec<RowProblem>),
    /// Any other failure.
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Api(e)
    }
}

/// `PUT /clients/{id}`.
pub async fn update_client(id: Uuid, input: &ClientInput) -> ApiResult<Client> {
    json(
        send(
            "PUT",
            &format!("/clients/{id}"),
            Body::Json(to_json(input)?),
        )
        .await?,
    )
    .await
}

/// `GET /journeys?client_id=`, every page.
pub async fn journeys(client_id: Uuid) -> ApiResult<Vec<Journey>> {
    all_pages(&format!("/journeys?client_id={client_id}")).await
}

/// `POST /journeys` (no id) or `PUT /journeys/{id}`.
pub async fn save_journey(id: Option<Uuid>, input: &JourneyInput) -> ApiResult<Journey> {
    let body = Body::Json(to_json(input)?);
    let response = match id {
        Some(id) => send("PUT", &format!("/journeys/{id}"), body).await?,
        None => send("POST", "/journeys", body).await?,
    };
    json(response).await
}

/// `GET /checklists?client_id=`, every page.
pub async fn checklists(client_id: Uuid) -> ApiResult<Vec<Checklist>> {
    all_pages(&format!("/checklists?client_id={client_id}")).await
}

/// `POST /checklists` (no id) or `PUT /checklists/{id}`; the server makes a new version
/// when audits use the current one.
pub async fn save_checklist(id: Option<Uuid>, input: &ChecklistInput) -> ApiResult<Checklist> {
    let body = Body::Json(to_json(input)?);
    let response = match id {
        Some(id) => send("PUT", &format!("/checklists/{id}"), body).await?,
        None => send("POST", "/checklists", body).await?,
    };
    json(response).await
}

/// `GET /assignments` with filters (`query` from [`query`](super::query): `?key=value&…`).
pub async fn assignments_where(query: &str) -> ApiResult<Vec<Assignment>> {
    all_pages(&format!("/assignments{query}")).await
}

/// Reads a 201 as `T`, a 422 as its rows, anything else as the error.
async fn checked<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, Refused> {
    if response.ok() {
        return Ok(json(response).await?);
    }
    if response.status() == 422 {
        let body = text(&response).await?;
        if let Ok(rows) = serde_json::from_str::<ImportErrorBody>(&body) {
            return Err(Refused::Rows(rows.error.errors));
        }
        let detail = serde_json::from_str::<touchstone_shared::error::ErrorBody>(&body)
            .ok()
            .map(|b| b.error);
        return Err(Refused::Api(ApiError::Status {
            status: 422,
            detail,
        }));
    }
    Err(Refused::Api(status_error(&response).await))
}

/// `POST /assignments/batch`: all or none.
pub async fn create_assignments(batch: &AssignmentBatch) -> Result<Vec<Assignment>, Refused> {
    let body = Body::Json(to_json(batch)?);
    checked(fetch("POST", "/assignments/batch", body, None).await?).await
}

/// The media type of a spreadsheet: the browser's, or from the file name's extension.
pub fn spreadsheet_type(file_name: &str, browser_type: &str) -> &'static str {
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if browser_type == XLSX || file_name.to_ascii_lowercase().ends_with(".xlsx") {
        XLSX
    } else {
        "text/csv"
    }
}

/// `POST /clients/{id}/locations/import` with the file.
pub async fn import_locations(
    client_id: Uuid,
    file: &web_sys::File,
) -> Result<ImportSummary, Refused> {
    let media = spreadsheet_type(&file.name(), &file.type_());
    let path = format!("/clients/{client_id}/locations/import");
    checked(fetch("POST", &path, Body::File(file, media), None).await?).await
}

/// `POST /journeys/{id}/checklists/import?name=` with the file.
pub async fn import_checklist(
    journey_id: Uuid,
    name: &str,
    file: &web_sys::File,
) -> Result<Checklist, Refused> {
    let media = spreadsheet_type(&file.name(), &file.type_());
    let q = query(&[("name", Some(name.trim().to_owned()))]);
    let path = format!("/journeys/{journey_id}/checklists/import{q}");
    checked(fetch("POST", &path, Body::File(file, media), None).await?).await
}

/// How far a download is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// The request is sent; the server is still making the file.
    Waiting,
    /// Bytes received, of how many when the server said (`Content-Length`).
    Receiving {
        /// Received so far.
        received: u64,
        /// Announced size.
        total: Option<u64>,
    },
}

/// A long report may take minutes to make.
const REPORT_TIMEOUT: Duration = Duration::from_secs(300);

/// `GET /reports/client.pdf?…`, read chunk by chunk so `on_progress` can tell how far it
/// is; answers the PDF and its file name.
pub async fn client_report(
    query: &str,
    on_progress: impl Fn(Progress),
) -> ApiResult<(Blob, String)> {
    on_progress(Progress::Waiting);
    let response = fetch(
        "GET",
        &format!("/reports/client.pdf{query}"),
        Body::None,
        Some(REPORT_TIMEOUT),
    )
    .await?;
    if !response.ok() {
        return Err(status_error(&response).await);
    }
    let headers = response.headers();
    let total = headers
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u64>().ok());
    let file_name = headers
        .get("Content-Disposition")
        .ok()
        .flatten()
        .and_then(|v| {
            v.split("filename=\"")
                .nth(1)
                .map(|s| s.trim_end_matches('"').to_owned())
        })
        .unwrap_or_else(|| "report.pdf".into());
    let chunks = Array::new();
    let mut received = 0u64;
    on_progress(Progress::Receiving { received, total });
    let stream = response
        .body()
        .ok_or_else(|| ApiError::Decode("the report has no body".into()))?;
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(js_err)?;
        let done = Reflect::get(&step, &"done".into()).map_err(js_err)?;
        if done.as_bool().unwrap_or(true) {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &"value".into())
            .map_err(js_err)?
            .dyn_into()
            .map_err(js_err)?;
        received += u64::from(chunk.length());
        chunks.push(&chunk);
        on_progress(Progress::Receiving { received, total });
    }
    let options = BlobPropertyBag::new();
    options.set_type("application/pdf");
    let blob = Blob::new_with_u8_array_sequence_and_options(&chunks, &options).map_err(js_err)?;
    Ok((blob, file_name))
}

/// URL of an export of a client's answers (`csv` or `xlsx`) for a period.
pub fn export_url(format: &str, query: &str) -> String {
    format!("{}/exports/answers.{format}{query}", super::API_BASE)
}

/// `PUT /organisation`: the organisation's settings (admins).
pub async fn update_organisation(settings: &OrganisationSettings) -> ApiResult<Organisation> {
    json(send("PUT", "/organisation", Body::Json(to_json(settings)?)).await?).await
}
