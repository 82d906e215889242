//! A real `redis-server` on a free loopback port, without persistence, stopped when dropped.
//!
//! The tests that use it are `#[ignore]`d, since a fresh machine has no Redis; `.ci/run`
//! installs Debian's `redis-server` and runs them.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redis-server`.
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts a server on a free port and waits until it answers `PING`.
    ///
    /// # Panics
    ///
    /// When `redis-server` cannot be started or does not answer within 10 seconds.
    pub fn start() -> Self {
        // A port the kernel just gave out and took back: free, unless another process takes it
        // in between, which the PING below would show.
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (is it installed? `apt-get install redis-server`)");
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !server.answers_ping() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer PING"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// The server's URL.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Runs one command given as its words and gives Redis's answer as text (RESP, unparsed).
    ///
    /// # Panics
    ///
    /// When the server cannot be reached.
    pub fn command(&self, words: &[&str]) -> String {
        self.try_command(words).expect("redis-server answers")
    }

    fn try_command(&self, words: &[&str]) -> std::io::Result<String> {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        // RESP: an array of bulk strings.
        let mut request = Vec::new();
        write!(request, "*{}\r\n", words.len())?;
        for word in words {
            write!(request, "${}\r\n{word}\r\n", word.len())?;
        }
        stream.write_all(&request)?;
        let mut answer = [0_u8; 512];
        let read = stream.read(&mut answer)?;
        Ok(String::from_utf8_lossy(&answer[..read]).into_owned())
    }

    fn answers_ping(&self) -> bool {
        self.try_command(&["PING"])
            .is_ok_and(|answer| answer == "+PONG\r\n")
    }

    /// Stops the server at once (SIGKILL), as an outage would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
