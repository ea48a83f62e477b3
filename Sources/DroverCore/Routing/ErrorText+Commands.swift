/// Errors of fan-outs, transactions, blocking commands and pub/sub.
extension ErrorText {
    public static let shardsDisagree = "ERR drover: the shards answered differently"
}
