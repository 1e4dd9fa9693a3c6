package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeRedis is an in-process RESP server: it demands AUTH with password (if set) and implements PING, LPUSH, RPUSH,
// LRANGE (non-negative bounds) and LLEN on in-memory lists.
type fakeRedis struct {
	ln       net.Listener
	password string
	mu       sync.Mutex
	lists    map[string][]string
	auths    []string
}

func startFakeRedis(t *testing.T, password string) *fakeRedis {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeRedis{ln: ln, password: password, lists: map[string][]string{}}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

func (f *fakeRedis) serve(c net.Conn) {
	defer c.Close()
	r, authed := bufio.NewReader(c), false
	for {
		v, err := readReply(r) // requests are RESP arrays of bulk strings too
		if err != nil {
			return
		}
		var args []string
		for _, a := range v.([]any) {
			args = append(args, a.(string))
		}
		f.mu.Lock()
		fmt.Fprint(c, f.reply(args, &authed))
		f.mu.Unlock()
	}
}

func (f *fakeRedis) reply(args []string, authed *bool) string {
	cmd := strings.ToUpper(args[0])
	if cmd == "AUTH" {
		f.auths = append(f.auths, args[1])
		if *authed = args[1] == f.password; !*authed {
			return "-WRONGPASS invalid username-password pair\r\n"
		}
		return "+OK\r\n"
	}
	if !*authed && f.password != "" {
		return "-NOAUTH Authentication required.\r\n"
	}
	switch cmd {
	case "PING":
		return "+PONG\r\n"
	case "LPUSH", "RPUSH":
		for _, v := range args[2:] {
			if cmd == "LPUSH" {
				f.lists[args[1]] = append([]string{v}, f.lists[args[1]]...)
			} else {
				f.lists[args[1]] = append(f.lists[args[1]], v)
			}
		}
		return fmt.Sprintf(":%d\r\n", len(f.lists[args[1]]))
	case "LLEN":
		return fmt.Sprintf(":%d\r\n", len(f.lists[args[1]]))
	case "LRANGE":
		var start, stop int
		fmt.Sscan(args[2], &start)
		fmt.Sscan(args[3], &stop)
		l := f.lists[args[1]]
		stop = min(stop, len(l)-1)
		var b strings.Builder
		fmt.Fprintf(&b, "*%d\r\n", max(0, stop-start+1))
		for i := start; i <= stop; i++ {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(l[i]), l[i])
		}
		return b.String()
	}
	return "-ERR unknown command '" + args[0] + "'\r\n"
}

func (f *fakeRedis) authsSent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.auths...)
}

func newTestApp(t *testing.T, redis *fakeRedis, password string, entries int) (*app, string) {
	file := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(file, []byte(password+"\n"), 0o440); err != nil {
		t.Fatal(err)
	}
	addr := redis.ln.Addr().String()
	return &app{master: addr, read: addr, passwordFile: file, entries: entries}, file
}

func do(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

func TestAuthUsesPasswordFileAndRereadsIt(t *testing.T) {
	redis := startFakeRedis(t, "s3cr3t 'pw'")
	a, file := newTestApp(t, redis, "s3cr3t 'pw'", 10)
	h := a.routes()
	if rec := do(t, h, "GET", "/api/health", ""); rec.Code != 200 || rec.Body.String() != "ok" {
		t.Fatalf("health = %d %q", rec.Code, rec.Body)
	}
	if auths := redis.authsSent(); len(auths) != 1 || auths[0] != "s3cr3t 'pw'" {
		t.Fatalf("AUTH sent %q, want the file's password without the newline", auths)
	}
	// Rotated Secret: the file changes, Redis still expects the old password -> unhealthy; then Redis follows.
	os.WriteFile(file, []byte("rotated"), 0o440)
	if rec := do(t, h, "GET", "/api/health", ""); rec.Code != 503 {
		t.Fatalf("health with a wrong password = %d, want 503", rec.Code)
	}
	redis.mu.Lock()
	redis.password = "rotated"
	redis.mu.Unlock()
	if rec := do(t, h, "GET", "/api/health", ""); rec.Code != 200 {
		t.Fatalf("health after rotation = %d, want 200", rec.Code)
	}
	if auths := redis.authsSent(); auths[len(auths)-1] != "rotated" {
		t.Fatalf("AUTH sent %q, want the re-read password last", auths)
	}
}

func TestEntriesRoundTrip(t *testing.T) {
	redis := startFakeRedis(t, "pw")
	a, _ := newTestApp(t, redis, "pw", 2)
	h := a.routes()
	if rec := do(t, h, "GET", "/api/entries", ""); rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Fatalf("empty list = %d %q", rec.Code, rec.Body)
	}
	for _, text := range []string{"first", "second", "third ünïcode"} {
		rec := do(t, h, "POST", "/api/entries", fmt.Sprintf(`{"text": %q}`, text))
		var e entry
		if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Text != text || e.Created == "" {
			t.Fatalf("POST %q = %d %q", text, rec.Code, rec.Body)
		}
	}
	rec := do(t, h, "GET", "/api/entries", "")
	var got []entry
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		t.Fatalf("GET = %d %q", rec.Code, rec.Body)
	}
	if len(got) != 2 || got[0].Text != "third ünïcode" || got[1].Text != "second" {
		t.Fatalf("GET returned %+v, want the newest 2, newest first", got)
	}
	if rec.Header().Get("X-Total-Count") != "3" || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("headers %v", rec.Header())
	}
	for _, body := range []string{``, `{}`, `{"text": "  "}`, `not json`, `{"text": 1}`} {
		if rec := do(t, h, "POST", "/api/entries", body); rec.Code != 400 {
			t.Errorf("POST %q = %d, want 400", body, rec.Code)
		}
	}
	if rec := do(t, h, "DELETE", "/api/entries", ""); rec.Code != 405 {
		t.Errorf("DELETE = %d, want 405", rec.Code)
	}
}

func TestHealthReflectsPing(t *testing.T) {
	redis := startFakeRedis(t, "pw")
	a, _ := newTestApp(t, redis, "pw", 10)
	h := a.routes()
	if rec := do(t, h, "GET", "/api/health", ""); rec.Code != 200 {
		t.Fatalf("health with Redis up = %d", rec.Code)
	}
	redis.ln.Close()
	if rec := do(t, h, "GET", "/api/health", ""); rec.Code != 503 {
		t.Fatalf("health with Redis down = %d, want 503", rec.Code)
	}
	if rec := do(t, h, "POST", "/api/entries", `{"text":"x"}`); rec.Code != 503 {
		t.Fatalf("POST with Redis down = %d, want 503", rec.Code)
	}
}
