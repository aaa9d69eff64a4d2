package html

import (
	"fmt"

	"github.com/essec-dev/essec/internal/finding"
)

// chart is a stacked bar chart of findings by level and status, laid out
// here so the page needs no script to draw it.
type chart struct {
	Width, Height int
	Label         string
	Bars          []bar
	Ticks         []tick
	BaseY         int
	PlotLeft      int
	PlotRight     int
	TickX, LabelY int
}

type bar struct {
	Level    string
	X, Width int
	LabelX   int
	Total    int
	Segments []segment
}

type segment struct {
	Status    string
	Count     int
	Y, Height int
}

type tick struct {
	Y     int
	Value int
}

const (
	chartWidth  = 560
	chartHeight = 220
	plotTop     = 12
	plotBottom  = 190
	plotLeft    = 36
	plotRight   = 552
)

func buildChart(fs []finding.Finding) chart {
	c := chart{
		Width: chartWidth, Height: chartHeight, BaseY: plotBottom, PlotLeft: plotLeft, PlotRight: plotRight,
		TickX: plotLeft - 6, LabelY: plotBottom + 18,
	}
	counts := map[string]map[string]int{}
	maxTotal := 0
	for _, f := range fs {
		if column(f) == string(finding.StatusNotApplicable) {
			continue // not applicable says nothing about posture
		}
		l := string(f.Level)
		if counts[l] == nil {
			counts[l] = map[string]int{}
		}
		counts[l][column(f)]++
	}
	for _, m := range counts {
		t := 0
		for _, n := range m {
			t += n
		}
		maxTotal = max(maxTotal, t)
	}
	scale := max(maxTotal, 1)
	slot := (plotRight - plotLeft) / len(finding.Levels)
	for i, l := range finding.Levels {
		b := bar{Level: string(l), X: plotLeft + i*slot + slot/5, Width: slot * 3 / 5, LabelX: plotLeft + i*slot + slot/2}
		y := plotBottom
		for _, st := range statusColumns {
			n := counts[string(l)][st]
			if n == 0 {
				continue
			}
			h := n * (plotBottom - plotTop) / scale
			y -= h
			b.Segments = append(b.Segments, segment{Status: st, Count: n, Y: y, Height: h})
			b.Total += n
		}
		c.Bars = append(c.Bars, b)
	}
	for i, v := range []int{0, (scale + 1) / 2, scale} {
		if i > 0 && v == c.Ticks[len(c.Ticks)-1].Value {
			continue
		}
		c.Ticks = append(c.Ticks, tick{Value: v, Y: plotBottom - v*(plotBottom-plotTop)/scale})
	}
	c.Label = fmt.Sprintf("Findings by level and status, at most %d per level", maxTotal)
	return c
}
