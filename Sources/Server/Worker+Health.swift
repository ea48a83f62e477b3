extension Worker {
    /// A pool's ring changed (shards ejected or back): its clients route with the new one
    /// from their next request on; requests already sent finish where they went.
    func healthChanged(_ health: PoolHealth) {
        for pool in pools where pool.health === health {
            pool.routing = RouterBox(health.router(normal: pool.snapshot.router))
            for client in clients.values where client.pool === pool {
                client.routing = .passUnretained(pool.routing)
            }
        }
    }
}
