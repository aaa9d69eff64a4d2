// Command essec-bench times essec audit over synthetic fleets (see
// internal/benchfleet) of growing size and prints, for each, the wall time,
// the time per node, the CPU time and the peak resident memory of the essec
// process. Two fleets are timed: without keystores (each node an
// elasticsearch.yml and six PEM files, the case of issue 12) and with a
// version-7 keystore per node, whose key derivation Elasticsearch's format
// imposes. When conftest is on PATH (or given with -conftest), it checks the
// same elasticsearch.yml files with the ten-rule policy of
// testdata/bench/conftest in the same run, for comparison; essec never
// depends on it. make bench runs this command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/essec-dev/essec/internal/benchfleet"
)

type config struct {
	essec, conftest, policy string
	keep                    bool
	runs, repeatBelow       int
	extra                   []string
}

func main() {
	var c config
	flag.StringVar(&c.essec, "essec", "bin/essec", "the essec binary to time")
	sizes := flag.String("nodes", "1,50,400,4000", "fleet sizes without keystores, comma-separated")
	ksSizes := flag.String("keystore-nodes", "1,50,400", "fleet sizes with a version-7 keystore per node (about 0.17 s of CPU each to open)")
	keystores := flag.Bool("keystores", true, "also time the fleets with keystores")
	flag.StringVar(&c.conftest, "conftest", "", "the conftest binary to compare with (default: conftest on PATH, if any)")
	flag.StringVar(&c.policy, "conftest-policy", "testdata/bench/conftest", "the Rego policy directory conftest uses")
	flag.BoolVar(&c.keep, "keep", false, "keep the generated fleets (their directories are printed)")
	flag.IntVar(&c.runs, "runs", 5, "runs of each tool per fleet, interleaved (essec, conftest, essec, ...); the median wall and CPU and the largest peak RSS are printed")
	flag.IntVar(&c.repeatBelow, "repeat-below", 1000, "fleets of this many nodes or more are timed once")
	flag.Parse()
	c.extra = flag.Args()
	if err := run(context.Background(), c, *sizes, *ksSizes, *keystores); err != nil {
		fmt.Fprintln(os.Stderr, "essec-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, sizes, ksSizes string, keystores bool) error {
	if c.conftest == "" {
		if p, err := exec.LookPath("conftest"); err == nil {
			c.conftest = p
		}
	}
	if c.runs < 1 {
		return fmt.Errorf("-runs must be at least 1, not %d", c.runs)
	}
	fmt.Printf("essec-bench: %s on %d cores; cpu is user+sys of the process, peak RSS its maximum resident set\n", c.essec, runtime.NumCPU())
	fmt.Printf("each fleet without keystores under %d nodes is timed %d times per tool, the tools taking turns; wall and cpu are medians (a machine's speed drifts from one minute to the next), peak RSS the largest; other fleets are timed once\n", c.repeatBelow, c.runs)
	if c.conftest == "" {
		fmt.Println("conftest: not found on PATH and not given with -conftest: no comparison (conftest is never a dependency of essec)")
	} else {
		fmt.Printf("conftest: %s with the ten rules of %s over the same elasticsearch.yml files\n", c.conftest, c.policy)
	}
	fmt.Println()
	fmt.Println("Fleet without keystores (issue 12's case): per node an elasticsearch.yml and six PEM files, one deployment, one Kibana per 20 nodes")
	if err := table(ctx, c, sizes, -1, true); err != nil {
		return err
	}
	if !keystores {
		return nil
	}
	fmt.Println()
	fmt.Println("Fleet with keystores: the same plus a version-7 elasticsearch.keystore per node (210,000 PBKDF2-SHA512 iterations each, imposed by Elasticsearch's format)")
	return table(ctx, c, ksSizes, 0, false)
}

// usage is what one process cost.
type usage struct {
	wall, cpu time.Duration
	rssKiB    int64
	code      int
}

// table writes a fleet of each size and times essec, and conftest when
// compare is set and conftest is known.
func table(ctx context.Context, c config, sizes string, keystores int, compare bool) error {
	fmt.Printf("%8s  %-9s %9s %11s %9s %10s %5s   %s\n", "nodes", "tool", "wall", "per node", "cpu", "peak RSS", "exit", "essec/conftest wall, cpu")
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("fleet size %q is not a positive number", s)
		}
		dir, err := os.MkdirTemp("", fmt.Sprintf("essec-bench-%d-", n))
		if err != nil {
			return err
		}
		inv, err := benchfleet.Write(dir, benchfleet.Options{Nodes: n, Keystores: keystores})
		if err != nil {
			return err
		}
		args := append([]string{"audit", inv, "--format", "json", "-o", os.DevNull}, c.extra...)
		var cfArgs []string
		if compare && c.conftest != "" {
			files, err := filepath.Glob(filepath.Join(dir, "es*", "elasticsearch.yml"))
			if err != nil {
				return err
			}
			cfArgs = append([]string{"test", "--no-color", "--policy", c.policy}, files...)
		}
		runs := c.runs
		if n >= c.repeatBelow || !compare {
			// the keystore fleets measure key derivation, not a ratio:
			// one run each keeps make bench short
			runs = 1
		}
		var es, cfs []usage
		for range runs {
			e, err := timeRun(ctx, c.essec, args)
			if err != nil {
				return err
			}
			es = append(es, e)
			if cfArgs != nil {
				cf, err := timeRun(ctx, c.conftest, cfArgs)
				if err != nil {
					return err
				}
				cfs = append(cfs, cf)
			}
		}
		e := median(es)
		printRow(n, "essec", e, "")
		if cfArgs != nil {
			cf := median(cfs)
			printRow(n, "conftest", cf, fmt.Sprintf("%.1fx, %.1fx", ratio(e.wall, cf.wall), ratio(e.cpu, cf.cpu)))
		}
		if c.keep {
			fmt.Println("          fleet kept in", dir)
		} else if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	return nil
}

// median is the median wall and CPU time of runs (each taken on its own:
// the run with the median wall need not have the median CPU), the largest
// peak RSS and the exit code of the first run.
func median(runs []usage) usage {
	walls := make([]time.Duration, len(runs))
	cpus := make([]time.Duration, len(runs))
	m := usage{code: runs[0].code}
	for i, r := range runs {
		walls[i], cpus[i] = r.wall, r.cpu
		m.rssKiB = max(m.rssKiB, r.rssKiB)
	}
	m.wall, m.cpu = middle(walls), middle(cpus)
	return m
}

// middle is the median of ds (the mean of the two middle values when
// their number is even).
func middle(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

func printRow(n int, tool string, u usage, note string) {
	fmt.Printf("%8d  %-9s %8.2fs %9.2fms %8.2fs %6.0f MiB %5d   %s\n", n, tool, u.wall.Seconds(),
		float64(u.wall.Microseconds())/1000/float64(n), u.cpu.Seconds(), float64(u.rssKiB)/1024, u.code, note)
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// timeRun runs bin with args, its output discarded but for errors, and
// reports what it cost. A non-zero exit is a result (findings), not an error.
func timeRun(ctx context.Context, bin string, args []string) (usage, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	u := usage{wall: time.Since(start)}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return u, fmt.Errorf("run %s: %w", bin, err)
		}
		u.code = ee.ExitCode()
		if u.code > 1 && u.code != 3 {
			fmt.Fprint(os.Stderr, stderr.String())
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		u.rssKiB = int64(ru.Maxrss) // KiB on Linux
	}
	return u, nil
}
