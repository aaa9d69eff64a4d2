package main

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	s := time.Second
	runs := []usage{
		{wall: 5 * s, cpu: 1 * s, rssKiB: 10, code: 1},
		{wall: 1 * s, cpu: 9 * s, rssKiB: 30, code: 1},
		{wall: 3 * s, cpu: 4 * s, rssKiB: 20, code: 1},
	}
	m := median(runs)
	if m.wall != 3*s || m.cpu != 4*s || m.rssKiB != 30 || m.code != 1 {
		t.Errorf("median of three = %+v, want wall 3s, cpu 4s, rss 30, code 1", m)
	}
	m = median(runs[:2])
	if m.wall != 3*s || m.cpu != 5*s || m.rssKiB != 30 {
		t.Errorf("median of two = %+v, want wall 3s (mean of 1s and 5s), cpu 5s, rss 30", m)
	}
	if m := median(runs[:1]); m.wall != 5*s || m.cpu != s {
		t.Errorf("median of one = %+v, want the run itself", m)
	}
}
