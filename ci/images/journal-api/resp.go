package main

// A minimal Redis client: one connection per call, RESP2 commands as arrays of bulk strings, and the replies
// these commands return (simple string, error, integer, bulk string, array of bulk strings).

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

type redisConn struct {
	c net.Conn
	r *bufio.Reader
}

// dialRedis connects to addr and, when passwordFile is set, authenticates with the file's content. The file is read
// on every connection so that a rotated Secret takes effect without a restart.
func dialRedis(addr, passwordFile string, timeout time.Duration) (*redisConn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(timeout))
	rc := &redisConn{c: c, r: bufio.NewReader(c)}
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("redis password: %w", err)
		}
		if _, err := rc.do("AUTH", strings.TrimRight(string(b), "\r\n")); err != nil {
			c.Close()
			return nil, fmt.Errorf("redis AUTH: %w", err)
		}
	}
	return rc, nil
}

func (rc *redisConn) Close() error { return rc.c.Close() }

// do sends one command and returns its reply: string, int64, nil (null bulk) or []any.
func (rc *redisConn) do(args ...string) (any, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(rc.c, b.String()); err != nil {
		return nil, err
	}
	return readReply(rc.r)
}

func readReply(r *bufio.Reader) (any, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || !strings.HasSuffix(line, "\r\n") {
		return nil, fmt.Errorf("malformed RESP line %q", line)
	}
	kind, body := line[0], line[1:len(line)-2]
	switch kind {
	case '+':
		return body, nil
	case '-':
		return nil, errors.New(body)
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err // $-1: null bulk string
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		items := make([]any, n)
		for i := range items {
			if items[i], err = readReply(r); err != nil {
				return nil, err
			}
		}
		return items, nil
	}
	return nil, fmt.Errorf("unknown RESP type %q", kind)
}
