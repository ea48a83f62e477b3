/// drover's version, as `--version`, HELLO and INFO report it.
public enum DroverVersion {
    public static let string = "0.1.0"
}
