// Package deploy holds what installs and schedules essec: the container
// images, the release configuration and the Kubernetes example. Its test
// keeps them consistent with each other and with the code, since neither
// docker nor goreleaser runs in the test environment.
package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/essec-dev/essec/internal/cli"
)

var root = filepath.Join("..")

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type instruction struct{ cmd, args string }

// instructions parses a Dockerfile into instructions (continuations joined,
// comments dropped).
func instructions(text string) []instruction {
	var out []instruction
	var cur string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || (line == "" && cur == "") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			cur += strings.TrimSuffix(line, "\\") + " "
			continue
		}
		line = cur + line
		cur = ""
		if line == "" {
			continue
		}
		cmd, args, _ := strings.Cut(line, " ")
		out = append(out, instruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
	}
	return out
}

// checkImage asserts what the final stage of an essec image must be:
// scratch (nothing to pull but what the repository and the build hold), a
// CA bundle where Go looks for it, /etc/passwd naming the image's numeric
// non-root user, essec as entrypoint, and COPY --from naming earlier stages
// only. make image-test checks the built image itself.
func checkImage(t *testing.T, path string) {
	t.Helper()
	stages := map[string]bool{}
	var final []instruction
	for _, in := range instructions(read(t, path)) {
		if in.cmd == "FROM" {
			final = nil
			if f := strings.Fields(in.args); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stages[f[2]] = true
			}
		}
		if in.cmd == "COPY" {
			if m := regexp.MustCompile(`--from=(\S+)`).FindStringSubmatch(in.args); m != nil && !stages[m[1]] {
				t.Errorf("%s: COPY --from=%s names no earlier stage", path, m[1])
			}
		}
		final = append(final, in)
	}
	var base, user, entry string
	var copies []string
	for _, in := range final {
		switch in.cmd {
		case "FROM":
			base = in.args
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entry = in.args
		case "COPY":
			copies = append(copies, in.args)
		}
	}
	if base != "scratch" {
		t.Errorf("%s: final stage FROM %q: want scratch", path, base)
	}
	copied := strings.Join(copies, "\n")
	if !regexp.MustCompile(`(?m)ca-certificates\.crt /etc/ssl/certs/ca-certificates\.crt$`).MatchString(copied) {
		t.Errorf("%s: no CA bundle copied to /etc/ssl/certs/ca-certificates.crt:\n%s", path, copied)
	}
	if !regexp.MustCompile(`(?m)^deploy/docker/passwd deploy/docker/group /etc/$`).MatchString(copied) {
		t.Errorf("%s: deploy/docker/passwd and group are not copied to /etc/:\n%s", path, copied)
	}
	uid, gid, _ := strings.Cut(user, ":")
	if !strings.Contains(read(t, "deploy/docker/passwd"), "nonroot:x:"+uid+":"+gid+":") {
		t.Errorf("%s: USER %s is not the nonroot user of deploy/docker/passwd", path, user)
	}
	if uid, _, _ := strings.Cut(user, ":"); !regexp.MustCompile(`^[1-9][0-9]*$`).MatchString(uid) {
		t.Errorf("%s: USER %q: want a numeric non-root uid (Kubernetes runAsNonRoot checks it)", path, user)
	}
	if entry != `["essec"]` {
		t.Errorf("%s: ENTRYPOINT %s, want [\"essec\"]", path, entry)
	}
}

func TestDockerfiles(t *testing.T) {
	checkImage(t, "Dockerfile")
	checkImage(t, "deploy/docker/Dockerfile.release")
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(read(t, "go.mod"))[1]
	if !strings.Contains(read(t, "Dockerfile"), "ARG GO_VERSION="+goVersion+"\n") {
		t.Errorf("the Dockerfile's Go is not go.mod's %s", goVersion)
	}
	// GoReleaser's dockers_v2 puts each platform's binary in
	// $TARGETPLATFORM/ of the build context; make image does the same.
	if !strings.Contains(read(t, "deploy/docker/Dockerfile.release"), "COPY ${TARGETPLATFORM}/essec /usr/local/bin/essec\n") {
		t.Error("the release image does not copy the release binary of its platform")
	}
}

func TestGoReleaser(t *testing.T) {
	var cfg struct {
		Version int
		Builds  []struct {
			Main, Binary string
			Env, Ldflags []string
			Goos, Goarch []string
		}
		Checksum map[string]string
		Sboms    []map[string]any
		Dockers  []struct {
			Dockerfile string
			Platforms  []string
			ExtraFiles []string `yaml:"extra_files"`
		} `yaml:"dockers_v2"`
	}
	if err := yaml.Unmarshal([]byte(read(t, ".goreleaser.yaml")), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("version %d, %d builds", cfg.Version, len(cfg.Builds))
	}
	b := cfg.Builds[0]
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, os) {
			t.Errorf("no %s build", os)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("no %s build", arch)
		}
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Error("binaries are not static (CGO_ENABLED=0)")
	}
	main := read(t, filepath.Join(b.Main, "main.go"))
	for _, v := range regexp.MustCompile(`-X main\.(\w+)=`).FindAllStringSubmatch(strings.Join(b.Ldflags, " "), -1) {
		if !regexp.MustCompile(`(?m)^\s+` + v[1] + `\s+=`).MatchString(main) {
			t.Errorf("ldflags set main.%s, which cmd/essec/main.go does not declare", v[1])
		}
	}
	if cfg.Checksum["algorithm"] != "sha256" || len(cfg.Sboms) == 0 {
		t.Fatal("no sha256 checksums or no SBOM")
	}
	// make release-snapshot installs the tools the configuration runs,
	// at pinned versions.
	makefile := read(t, "Makefile")
	for _, tool := range []string{
		"github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)",
		"github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@$(CYCLONEDX_GOMOD_VERSION)",
	} {
		if !strings.Contains(makefile, tool) {
			t.Errorf("the Makefile does not install %s", tool)
		}
	}
	if !regexp.MustCompile(`(?m)^GORELEASER_VERSION\s+:= v2\.\d+\.\d+$`).MatchString(makefile) ||
		!regexp.MustCompile(`(?m)^CYCLONEDX_GOMOD_VERSION\s+:= v\d+\.\d+\.\d+$`).MatchString(makefile) {
		t.Error("the release tools are not pinned to a version in the Makefile")
	}
	if cmd := cfg.Sboms[0]["cmd"]; cmd != "cyclonedx-gomod" {
		t.Errorf("the SBOM is made by %v, which make release-snapshot does not install", cmd)
	}
	if len(cfg.Dockers) != 1 {
		t.Fatalf("%d images, want one (multi-platform)", len(cfg.Dockers))
	}
	d := cfg.Dockers[0]
	dockerfile := read(t, d.Dockerfile)
	for _, p := range []string{"linux/amd64", "linux/arm64"} {
		if !slices.Contains(d.Platforms, p) {
			t.Errorf("no %s image", p)
		}
	}
	// Every file the Dockerfile copies from the context is an extra file
	// (or the platform's binary): GoReleaser's context holds nothing else.
	for _, in := range instructions(dockerfile) {
		if in.cmd != "COPY" {
			continue
		}
		f := strings.Fields(in.args)
		for _, src := range f[:len(f)-1] {
			if strings.HasPrefix(src, "${TARGETPLATFORM}/") {
				continue
			}
			if !slices.Contains(d.ExtraFiles, src) && !slices.Contains(d.ExtraFiles, "/"+src) {
				t.Errorf("%s copies %s, which extra_files does not put in the context", d.Dockerfile, src)
			}
		}
	}
	for _, f := range d.ExtraFiles {
		if !filepath.IsAbs(f) {
			if _, err := os.Stat(filepath.Join(root, f)); err != nil {
				t.Errorf("extra file: %v", err)
			}
		}
	}
	// Without goreleaser, make cross builds the same platforms.
	platforms := regexp.MustCompile(`(?m)^PLATFORMS := (.*)$`).FindStringSubmatch(read(t, "Makefile"))
	for _, os := range b.Goos {
		for _, arch := range b.Goarch {
			if platforms == nil || !strings.Contains(platforms[1], os+"/"+arch) {
				t.Errorf("make cross does not build %s/%s", os, arch)
			}
		}
	}
}

func TestKubernetesCronJob(t *testing.T) {
	var cj struct {
		Kind string
		Spec struct {
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec struct {
							SecurityContext struct {
								RunAsNonRoot bool `yaml:"runAsNonRoot"`
							} `yaml:"securityContext"`
							Containers []struct {
								Args            []string
								SecurityContext struct {
									ReadOnlyRootFilesystem bool `yaml:"readOnlyRootFilesystem"`
								} `yaml:"securityContext"`
								VolumeMounts []struct {
									Name     string
									ReadOnly bool `yaml:"readOnly"`
								} `yaml:"volumeMounts"`
							}
						}
					}
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		}
	}
	if err := yaml.Unmarshal([]byte(read(t, "deploy/kubernetes/cronjob.yaml")), &cj); err != nil {
		t.Fatal(err)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if cj.Kind != "CronJob" || len(pod.Containers) != 1 || !pod.SecurityContext.RunAsNonRoot {
		t.Fatalf("kind %s, %d containers, runAsNonRoot %t", cj.Kind, len(pod.Containers), pod.SecurityContext.RunAsNonRoot)
	}
	c := pod.Containers[0]
	if !c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("root filesystem is writable")
	}
	for _, m := range c.VolumeMounts {
		if !m.ReadOnly {
			t.Errorf("volume %s is mounted read-write", m.Name)
		}
	}
	if len(c.Args) == 0 || c.Args[0] != "audit" || !slices.Contains(c.Args, "--export-es") {
		t.Fatalf("args %v: want an audit exporting to Elasticsearch", c.Args)
	}
	audit := cli.NewCmdAudit(&cli.Deps{}, nil)
	for _, a := range c.Args[1:] {
		if name, ok := strings.CutPrefix(a, "--"); ok && audit.Flags().Lookup(name) == nil && audit.InheritedFlags().Lookup(name) == nil && name != "log-format" {
			t.Errorf("essec audit has no flag --%s", name)
		}
	}
}
