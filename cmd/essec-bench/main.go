// Command essec-bench times essec audit over synthetic fleets (see
// internal/benchfleet) of growing size and prints, for each, the wall time,
// the time per node, the CPU time and the peak resident memory of the essec
// process. make bench runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/essec-dev/essec/internal/benchfleet"
)

func main() {
	bin := flag.String("essec", "bin/essec", "the essec binary to time")
	sizes := flag.String("nodes", "1,50,400,4000", "fleet sizes, comma-separated")
	keep := flag.Bool("keep", false, "keep the generated fleets (their directories are printed)")
	keystores := flag.Bool("keystores", true, "give every node a version-7 keystore (false: none, to see the other costs)")
	flag.Parse()
	ks := 0
	if !*keystores {
		ks = -1
	}
	if err := run(context.Background(), *bin, *sizes, *keep, ks, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "essec-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin, sizes string, keep bool, keystores int, extra []string) error {
	fmt.Printf("%8s %10s %12s %10s %12s %6s\n", "nodes", "wall", "per node", "cpu", "peak RSS", "exit")
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
		args := append([]string{"audit", inv, "--format", "json", "-o", os.DevNull}, extra...)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		err = cmd.Run()
		wall := time.Since(start)
		code := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				return fmt.Errorf("run %s: %w", bin, err)
			}
			code = ee.ExitCode()
		}
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu, rss := time.Duration(0), int64(0)
		if ru != nil {
			cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			rss = int64(ru.Maxrss) // KiB on Linux
		}
		fmt.Printf("%8d %9.2fs %10.2fms %9.2fs %9.0f MiB %6d\n", n, wall.Seconds(),
			float64(wall.Microseconds())/1000/float64(n), cpu.Seconds(), float64(rss)/1024, code)
		if keep {
			fmt.Println("        fleet kept in", dir)
		} else if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	return nil
}
