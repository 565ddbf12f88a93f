//! Password hashing with argon2id, on a few threads of its own with a short queue.
//!
//! A hash takes tens of milliseconds and about 19 MiB: run unbounded (one blocking task per
//! sign-in), a flood of sign-ins for unknown e-mails grew the server past 1 GiB. Here at most
//! `workers` hashes run at once, on `workers` long-lived threads (so the allocator keeps at
//! most that many 19 MiB blocks around), at most `queue` more wait, and anything beyond is
//! refused at once with 503 and `Retry-After`.

use crate::error::{Error, Result};
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

/// Longest password considered: longer ones (the stored ones have at most 256 characters)
/// are wrong without being hashed.
pub const MAX_PASSWORD_BYTES: usize = 1024;

type Job = Box<dyn FnOnce() + Send>;

/// The bounded hashing pool the application state holds.
#[derive(Debug, Clone)]
pub struct Hashers {
    jobs: mpsc::Sender<Job>,
    admitted: Arc<Semaphore>,
}

impl Hashers {
    /// `workers` threads (at least 1) and a queue of `queue` waiting hashes.
    pub fn new(workers: usize, queue: usize) -> std::io::Result<Hashers> {
        let workers = workers.max(1);
        let (jobs, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..workers {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take a job, not while running it.
                        let job = match receiver.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })?;
        }
        Ok(Hashers {
            jobs,
            admitted: Arc::new(Semaphore::new(workers + queue)),
        })
    }

    /// A place among the running and waiting hashes, or [`Error::Unavailable`] (503 with
    /// `Retry-After`) when the threads are busy and the queue is full. Taken before anything
    /// else of a sign-in, so a refused one costs nothing else.
    pub fn admit(&self) -> Result<Admitted> {
        let ticket = Arc::clone(&self.admitted)
            .try_acquire_owned()
            .map_err(|_| Error::Unavailable)?;
        Ok(Admitted {
            jobs: self.jobs.clone(),
            ticket,
        })
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: String) -> Result<String> {
        self.admit()?
            .run(move || password_auth::generate_hash(password))
            .await
    }
}

/// An admitted hash, waiting to run.
#[derive(Debug)]
pub struct Admitted {
    jobs: mpsc::Sender<Job>,
    ticket: OwnedSemaphorePermit,
}

impl Admitted {
    /// Runs `work` on a hashing thread.
    async fn run<T: Send + 'static>(self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (done, result) = oneshot::channel();
        let ticket = self.ticket;
        // The ticket goes with the job: a caller that gives up does not free its place in
        // the queue before its hash has run.
        let job: Job = Box::new(move || {
            let _ticket = ticket;
            let _ = done.send(work());
        });
        // The job cannot travel in the error (it is not `Sync`): say what failed.
        (self.jobs.send(job)).map_err(|_| Error::internal("the password workers have stopped"))?;
        result.await.map_err(Error::internal)
    }

    /// Whether `password` matches `hash`. Without a stored hash it still spends the time of
    /// a verification, so response times do not tell which accounts exist.
    pub async fn verify(self, password: String, hash: Option<String>) -> Result<bool> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(false);
        }
        self.run(move || match hash {
            Some(hash) => password_auth::verify_password(password, &hash).is_ok(),
            None => {
                let _ = password_auth::verify_password(password, &DUMMY_HASH);
                false
            }
        })
        .await
    }
}

/// A hash with the same parameters as real ones, verified against when the account does not
/// exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password_auth::generate_hash("no account has this password"));
