//! `informed completions SHELL` and `informed man`. The bash script is sourced in a real bash
//! and its completion function called as bash's programmable completion calls it.

use crate::support::external;

use std::process::Command;

fn informed(args: &[&str]) -> String {
    let out = Command::new(external::informed_bin())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What bash offers after the words of `line` (the last word is the one being completed).
fn bash_complete(script: &std::path::Path, line: &str) -> Vec<String> {
    let mut words: Vec<&str> = line.split(' ').collect();
    let cur = words.last().copied().unwrap_or("");
    let prev = if words.len() > 1 {
        words[words.len() - 2]
    } else {
        ""
    };
    let quoted: Vec<String> = words.iter_mut().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{script}'\n\
         complete -p informed >/dev/null || exit 3\n\
         COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n\
         _informed informed '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script = script.display(),
        words = quoted.join(" "),
        cword = words.len() - 1,
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_completes_commands_options_and_values() {
    if !external::available("bash", &["--version"], "install bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("informed.bash");
    std::fs::write(&script, informed(&["completions", "bash"])).unwrap();

    let commands = bash_complete(&script, "informed ");
    for c in [
        "build",
        "check",
        "serve",
        "explain",
        "rules",
        "init",
        "new",
        "import",
        "completions",
        "man",
    ] {
        assert!(commands.contains(&c.to_string()), "{c} in {commands:?}");
    }
    assert_eq!(bash_complete(&script, "informed ex"), ["explain"]);
    assert_eq!(
        bash_complete(&script, "informed check --format "),
        ["human", "json", "sarif", "github"]
    );
    assert!(
        bash_complete(&script, "informed check --f").contains(&"--format".to_string()),
        "options complete"
    );
    let shells = bash_complete(&script, "informed completions ");
    for s in ["bash", "zsh", "fish", "powershell"] {
        assert!(shells.contains(&s.to_string()), "{s} in {shells:?}");
    }
}

#[test]
fn zsh_fish_and_powershell_scripts_name_every_command() {
    for (shell, marker) in [
        ("zsh", "#compdef informed"),
        ("fish", "complete -c informed"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = informed(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        for c in ["build", "check", "serve", "explain", "completions", "man"] {
            assert!(script.contains(c), "{shell} script lacks {c}");
        }
    }
    let out = Command::new(external::informed_bin())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_prints_a_page_and_writes_one_per_command() {
    let page = informed(&["man"]);
    assert!(page.contains(".TH informed 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS") && page.contains(".SH OPTIONS"));
    for c in [
        "build", "check", "serve", "explain", "rules", "init", "new", "import",
    ] {
        assert!(page.contains(&format!("informed\\-{c}")), "{c} listed");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = informed(&["man", "--dir", dir.path().to_str().unwrap()]);
    let check = std::fs::read_to_string(dir.path().join("informed-check.1")).unwrap();
    assert!(check.contains(".TH informed-check 1"), "{check}");
    assert!(check.contains("\\-\\-format"), "{check}");
    assert!(out.lines().count() >= 11, "a page per command: {out}");
    // The page renders without roff warnings where groff is installed (-k: UTF-8 input through
    // preconv, as man does).
    if Command::new("groff").arg("--version").output().is_ok() {
        let out = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(dir.path().join("informed.1"))
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
