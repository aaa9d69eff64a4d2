package fakees

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// route is a compiled Scenario key: "GET /path" or "GET /path?a=1&b=2".
type route struct {
	key      string
	method   string
	path     string
	query    url.Values
	hasQuery bool
	resp     Response
}

// compile parses a "METHOD /path?query" key.
func compile(key string, resp Response) (route, error) {
	method, target, ok := strings.Cut(key, " ")
	if !ok || !strings.HasPrefix(target, "/") {
		return route{}, fmt.Errorf("fakees: route %q: want \"METHOD /path[?query]\"", key)
	}
	path, rawQuery, hasQuery := strings.Cut(target, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return route{}, fmt.Errorf("fakees: route %q: %w", key, err)
	}
	return route{key: key, method: strings.ToUpper(method), path: path, query: q, hasQuery: hasQuery, resp: resp}, nil
}

// matches compares method and path exactly (HEAD is served by a GET route)
// and the query as a set of parameters: esapi sorts its keys, callers may
// not. A route without a query matches any query.
func (rt route) matches(r *http.Request) bool {
	m := r.Method
	if m == http.MethodHead {
		m = http.MethodGet
	}
	if m != rt.method || r.URL.Path != rt.path {
		return false
	}
	if !rt.hasQuery {
		return true
	}
	return reflect.DeepEqual(r.URL.Query(), rt.query)
}

// compileAll compiles a route table; routes with a query come first so that
// they win over a catch-all route on the same path.
func compileAll(table map[string]Response) ([]route, error) {
	var withQ, without []route
	for k, v := range table {
		rt, err := compile(k, v)
		if err != nil {
			return nil, err
		}
		if rt.hasQuery {
			withQ = append(withQ, rt)
		} else {
			without = append(without, rt)
		}
	}
	return append(withQ, without...), nil
}

// find returns the first route that matches.
func find(routes []route, r *http.Request) (Response, bool) {
	for _, rt := range routes {
		if rt.matches(r) {
			return rt.resp, true
		}
	}
	return Response{}, false
}
