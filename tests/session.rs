//! An HTTP client session (cookie jar and optional bearer token) against a test server.

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A response: status, and the body as JSON (`Null` when empty or not JSON).
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body as JSON.
    pub body: Value,
}

impl Reply {
    /// The body as a typed value; panics with the body when it does not fit.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone())
            .unwrap_or_else(|e| panic!("unexpected body ({e}): {}", self.body))
    }

    /// Asserts the status and returns the typed body.
    pub fn expect<T: DeserializeOwned>(&self, status: u16) -> T {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        self.json()
    }

    /// The error code of an error envelope.
    pub fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

/// A client with its own cookie jar.
#[derive(Clone)]
pub struct Session {
    base: String,
    http: reqwest::Client,
    bearer: Option<String>,
}

impl Session {
    /// A session with an empty cookie jar.
    pub fn new(base: &str) -> Session {
        Session {
            base: base.to_owned(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("http client"),
            bearer: None,
        }
    }

    /// A session authenticating with a bearer token instead of cookies.
    pub fn with_bearer(base: &str, token: &str) -> Session {
        Session {
            bearer: Some(token.to_owned()),
            ..Session::new(base)
        }
    }

    /// The same session (cookie jar, token) talking to another server: another instance
    /// behind the same balancer.
    pub fn at(&self, base: &str) -> Session {
        Session {
            base: base.to_owned(),
            ..self.clone()
        }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Signs in; panics unless it works.
    pub async fn login(&self, email: &str, password: &str) {
        let reply = self
            .send(
                Method::POST,
                "/api/v1/auth/login",
                Some(&serde_json::json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "login of {email}: {}",
            reply.body
        );
    }

    /// Sends a request with an optional JSON body.
    pub async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        Self::reply(request).await
    }

    /// Sends a raw body with a content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        Self::reply(request).await
    }

    /// Sends a prepared request builder for this session's server.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.bearer {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// Sends a request builder and reads the reply.
    pub async fn reply(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body read");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Reply {
        self.send::<Value>(Method::GET, path, None).await
    }

    /// A new bearer token of this user (`POST /api/v1/tokens`), for raw HTTP requests.
    pub async fn bearer_token(&self, name: &str) -> String {
        self.post("/api/v1/tokens", &serde_json::json!({ "name": name }))
            .await
            .expect::<Value>(201)["secret"]
            .as_str()
            .expect("secret")
            .to_owned()
    }

    /// POST JSON.
    pub async fn post<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    /// PUT JSON.
    pub async fn put<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }

    /// PATCH JSON.
    pub async fn patch<B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }
}
