// The git commit this binary was built from; the ReadGitCommit plugin writes GitCommit.swift beside it on every build.
public enum BuildCommit {
    /// 12 hex digits, with "-dirty" when tracked files differ from the commit, or "unknown" when the
    /// source tree is not a git checkout (a tarball) or git is missing.
    public static let hash = gitCommit
}
