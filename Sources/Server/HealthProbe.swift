import Config

/// How the control plane reaches one node: address, credentials, database, timeouts.
/// Its checks block: they run on a Dispatch queue, never on a worker.
struct HealthProbe: Sendable {
    let address: ServerAddress
    /// AUTH first with these, as the data path's connections do.
    let username: String?
    let password: String?
    /// SELECTed when not 0 (`redis_db`).
    let database: Int
    let connectTimeoutMs: Int
    /// How long each reply may take.
    let replyTimeoutMs: Int

    /// A connection, authenticated and in the pool's database.
    func connect() throws(HiredisProblem) -> HiredisConnection {
        let connection = try HiredisConnection(address, connectTimeoutMs: connectTimeoutMs, replyTimeoutMs: replyTimeoutMs)
        if let password {
            let reply: HiredisReply
            if let username {
                reply = try connection.command("AUTH", username, password)
            } else {
                reply = try connection.command("AUTH", password)
            }
            guard reply == .status("OK") else { throw HiredisProblem(text: "AUTH: \(reply.text ?? "\(reply)")") }
        }
        if database != 0 {
            let reply = try connection.command("SELECT", String(database))
            guard reply == .status("OK") else { throw HiredisProblem(text: "SELECT: \(reply.text ?? "\(reply)")") }
        }
        return connection
    }

    /// PINGs the node: the only way a down node comes back.
    /// - Returns: nil if it answered `+PONG`, else what went wrong.
    func ping() -> String? {
        do {
            let reply = try connect().command("PING")
            return reply == .status("PONG") ? nil : "PING: \(reply.text ?? "\(reply)")"
        } catch {
            return error.text
        }
    }

    /// `INFO replication`, for deciding whether a replica may serve reads.
    func replicationInfo() -> Result<String, HiredisProblem> {
        do {
            let reply = try connect().command("INFO", "replication")
            guard case .bulk(let bytes) = reply else { return .failure(HiredisProblem(text: "INFO: \(reply)")) }
            return .success(String(decoding: bytes, as: UTF8.self))
        } catch {
            return .failure(error)
        }
    }
}
