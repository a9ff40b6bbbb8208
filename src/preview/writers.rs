//! Writing the preview's answers. Each answer is written on a thread of its own, so that a
//! client that stops reading holds up no worker and no other client; every write gives up
//! after [`WRITE_TIMEOUT`]; and the threads are bounded, in all and per connection, so that
//! requests piled up on a stalled connection cannot take them all.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

use tiny_http::Request;

use super::server::Reply;

/// How long a write to a client may block: a client that stops reading has its answers
/// dropped after this, rather than holding a thread for ever.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Answers being written at most. Beyond this, requests are answered "busy" (503).
const MAX_WRITERS: usize = 64;

/// Answers being written at most for one connection: a browser asks for one thing at a time
/// on each, and requests sent ahead on a connection that does not read would each hold a
/// thread until every earlier answer on it had timed out.
const PER_CONNECTION: usize = 4;

/// The threads writing answers, by connection.
pub struct Writers {
    /// How many are writing for each connection.
    running: Mutex<HashMap<Option<SocketAddr>, usize>>,
    /// Requests beyond the limits: one thread answers them "busy".
    overflow: mpsc::Sender<Request>,
}

impl Writers {
    /// Writers, with the thread that answers the overflow.
    pub fn start() -> Arc<Self> {
        let (overflow, busy) = mpsc::channel::<Request>();
        thread::spawn(move || {
            for request in busy {
                let _ = request.respond(Reply::busy().into_response());
            }
        });
        Arc::new(Self { running: Mutex::new(HashMap::new()), overflow })
    }

    /// Takes a writer for `connection`, if the limits allow one.
    fn take(&self, connection: Option<SocketAddr>) -> bool {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        let total: usize = running.values().sum();
        let mine = running.entry(connection).or_default();
        let free = total < MAX_WRITERS && *mine < PER_CONNECTION;
        *mine += usize::from(free);
        free
    }

    /// Gives back a writer of `connection`.
    fn give_back(&self, connection: Option<SocketAddr>) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(mine) = running.get_mut(&connection) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                running.remove(&connection);
            }
        }
    }
}

/// Writes `reply` on a thread of its own (each write for at most [`WRITE_TIMEOUT`]) when the
/// limits allow; otherwise the request is answered "busy". Either way the worker is free at
/// once.
pub fn send(request: Request, reply: Reply, writers: &Arc<Writers>) {
    let connection = request.remote_addr().copied();
    if !writers.take(connection) {
        let _ = writers.overflow.send(request);
        return;
    }
    let response = reply.into_response();
    let done = writers.clone();
    let spawned = thread::Builder::new().spawn(move || {
        // The browser may have gone; there is no one left to tell.
        let _ = request.respond(response);
        done.give_back(connection);
    });
    // Without a thread, the request is dropped with the closure, which answers it.
    if spawned.is_err() {
        writers.give_back(connection);
    }
}

/// Sets the send timeout of a listening socket, which the connections it accepts inherit.
#[cfg(unix)]
pub fn set_send_timeout(
    listener: &std::net::TcpListener,
    timeout: Duration,
) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let value = libc::timeval {
        tv_sec: timeout.as_secs().try_into().unwrap_or(libc::time_t::MAX),
        tv_usec: 0,
    };
    // SAFETY: the descriptor is a live socket owned by `listener`, and `value` is a `timeval`
    // that outlives the call, whose size is passed with it, as setsockopt(2) requires.
    let result = unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            (&raw const value).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        )
    };
    if result == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Elsewhere, writes have no time limit; the writer threads still keep workers free.
#[cfg(not(unix))]
pub fn set_send_timeout(_: &std::net::TcpListener, _: Duration) -> std::io::Result<()> {
    Ok(())
}
