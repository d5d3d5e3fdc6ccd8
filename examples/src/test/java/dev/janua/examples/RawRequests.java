package dev.janua.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * HTTP/1.1 requests written byte by byte, for what {@link java.net.http.HttpClient} refuses to
 * send (a wrong or doubled {@code Content-Length}, broken chunking, oversized or non-ASCII header
 * values, header lines without a colon), and a reader of the answer up to the server's close.
 */
final class RawRequests {
  private RawRequests() {}

  /** The request as it is, with a correct {@code Content-Length}. */
  static byte[] plain(HttpFuzzRequests.Request req) {
    return build(req, "Content-Length: " + req.body().length + "\r\n", req.body());
  }

  /** The request with one protocol-level oddity. */
  static byte[] of(HttpFuzzRequests.Request req, Random r) {
    byte[] body = req.body();
    return switch (r.nextInt(10)) {
      case 0 -> build(req, "Content-Length: " + Math.max(0, body.length - 1 - r.nextInt(10))
          + "\r\n", body); // shorter than the body: the rest reads as another request
      case 1 -> build(req, "Content-Length: " + pick(r, "abc", "-1", "99999999999999999999",
          "1, 2", "") + "\r\n", body);
      case 2 -> build(req, "Content-Length: " + body.length + "\r\nContent-Length: "
          + (body.length + 1) + "\r\n", body);
      case 3 -> build(req, "Transfer-Encoding: chunked\r\n", concat(
          (pick(r, "zz", "-1", "FFFFFFFFFFFFFFFFFF", Integer.toHexString(body.length + 5)) + "\r\n")
              .getBytes(StandardCharsets.US_ASCII), body));
      case 4 -> build(req, "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", concat(
          (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
          concat(body, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
      case 5 -> build(req, "X-Huge: " + "h".repeat(10_000 + r.nextInt(60_000)) + "\r\n"
          + "Content-Length: " + body.length + "\r\n", body);
      case 6 -> build(req, "Content-Length: " + body.length + "\r\nX-Bytes: \u00ff\u0080\u00e9\u0001"
          + "\r\n", body);
      case 7 -> build(req, "Content-Length: " + body.length + "\r\nNo colon here\r\n", body);
      case 8 -> build(req, "Content-Length: " + body.length + "\r\nContent-Type: text/plain\r\n",
          body); // a second, contradicting Content-Type
      default -> build(req, "Transfer-Encoding: gzip, chunked\r\n", concat(
          (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
          concat(body, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    };
  }

  private static byte[] build(HttpFuzzRequests.Request req, String framing, byte[] body) {
    StringBuilder head = new StringBuilder(req.method()).append(' ').append(req.path())
        .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    req.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append(framing).append("\r\n");
    // Header bytes as ISO-8859-1, so that any char below U+0100 is sent as that one byte.
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return concat(h, body);
  }

  /** Status line, headers and body of an answer read to the end; status 0 for no answer. */
  static HttpInputFuzzIT.Answer parse(byte[] all) {
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new HttpInputFuzzIT.Answer(0, Map.of(), new byte[0]);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    } else if (headers.containsKey("content-length")) {
      int n = Integer.parseInt(headers.get("content-length"));
      body = Arrays.copyOf(body, Math.min(n, body.length)); // pipelined answers may follow
    }
    return new HttpInputFuzzIT.Answer(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < s.length()) {
      int eol = s.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(s.substring(at, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
      at = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
