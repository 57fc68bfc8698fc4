//! A real `redis-server` for the tests that share through Redis: started by the test on a free
//! loopback port with an empty temporary directory and no persistence, stopped when dropped.
//! Nothing is assumed running. Needs Debian's `redis-server` (`.ci/run` installs it).

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Ports handed to the servers of this test process: tests run in parallel, and a port just
/// found free is free again until its server binds it.
static TAKEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

pub struct RedisServer {
    pub port: u16,
    password: Option<String>,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// A server on a free port.
    pub fn start() -> RedisServer {
        RedisServer::start_with(None)
    }

    /// A server that asks for `password`.
    pub fn with_password(password: &str) -> RedisServer {
        RedisServer::start_with(Some(password.to_string()))
    }

    fn start_with(password: Option<String>) -> RedisServer {
        let dir = PathBuf::from(crate::live::temp_dir("redis"));
        for _ in 0..5 {
            let mut server = RedisServer {
                port: free_port(),
                password: password.clone(),
                dir: dir.clone(),
                child: None,
            };
            if server.run() {
                return server;
            }
        }
        panic!("redis-server could not get a free port");
    }

    /// What `REDIS_URL` holds for this server.
    pub fn url(&self) -> String {
        match &self.password {
            Some(password) => format!("redis://:{password}@127.0.0.1:{}/0", self.port),
            None => format!("redis://127.0.0.1:{}/0", self.port),
        }
    }

    /// Stops the server (SIGKILL): what an instance sees when Redis dies.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, empty (it keeps nothing on disk).
    pub fn restart(&mut self) {
        self.stop();
        assert!(
            self.run(),
            "redis-server could not start again on port {}",
            self.port
        );
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing answers.
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Lets a frozen server answer again (SIGCONT).
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let child = self.child.as_ref().expect("the server runs");
        let status = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill {signal} failed");
    }

    /// Every key and its value (strings only; other types have none), through a connection of
    /// the test's own.
    pub fn dump(&self) -> Vec<(String, Option<String>)> {
        let client = redis::Client::open(self.url()).expect("a valid URL");
        let mut conn = client
            .get_connection()
            .expect("a connection to the test Redis");
        let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut conn).expect("KEYS");
        keys.into_iter()
            .map(|key| {
                let value: Option<String> =
                    redis::cmd("GET").arg(&key).query(&mut conn).unwrap_or(None);
                (key, value)
            })
            .collect()
    }

    /// Starts the server; `false` when it exits at once (its port was taken meanwhile).
    fn run(&mut self) -> bool {
        let mut command = Command::new("redis-server");
        command
            .arg("--port")
            .arg(self.port.to_string())
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(password) = &self.password {
            command.arg("--requirepass").arg(password);
        }
        let child = command.spawn().unwrap_or_else(|error| {
            panic!(
                "cannot start redis-server ({error}): install Debian's redis-server (.ci/run does)"
            )
        });
        self.child = Some(child);
        self.wait_until_it_answers()
    }

    /// Waits until this server — not another one on the same port — answers; `false` when it
    /// exited instead.
    fn wait_until_it_answers(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        let client = redis::Client::open(self.url()).expect("a valid URL");
        loop {
            let child = self.child.as_mut().expect("started");
            if child.try_wait().ok().flatten().is_some() {
                self.child = None;
                return false;
            }
            let pid = child.id();
            let info: Option<String> = client
                .get_connection_with_timeout(Duration::from_millis(500))
                .and_then(|mut conn| redis::cmd("INFO").arg("server").query(&mut conn))
                .ok();
            if info.is_some_and(|info| info.contains(&format!("process_id:{pid}\r\n"))) {
                return true;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer on port {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // SIGKILL ends a frozen server too.
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free port on 127.0.0.1 that no other server of this process got.
fn free_port() -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .expect("a free port on 127.0.0.1");
        if TAKEN.lock().unwrap_or_else(|e| e.into_inner()).insert(port) {
            return port;
        }
    }
}
