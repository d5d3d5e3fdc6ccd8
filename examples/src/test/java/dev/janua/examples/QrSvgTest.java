package dev.janua.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The QR code of an enrollment as SVG: every dark module of the symbol, and only those, is one
 * unit square of the path, inside the quiet zone; the symbol is the one qrcodegen makes for the
 * URI at level M.
 */
class QrSvgTest {
  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
  private static final Pattern PATH = Pattern.compile("<path d=\"([^\"]*)\"");
  private static final Pattern SQUARE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");

  static final String URI = "otpauth://totp/janua.example:ada%40example.com?secret="
      + "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=janua.example&algorithm=SHA1&digits=6&period=30";

  /**
   * The modules an SVG of {@link QrSvg} draws, symbol coordinates (quiet zone removed); fails when
   * the path holds anything but unit squares inside the symbol.
   */
  static boolean[][] modules(String svg) {
    Matcher box = VIEW_BOX.matcher(svg);
    assertThat(box.find()).as("viewBox").isTrue();
    int side = Integer.parseInt(box.group(1));
    assertThat(box.group(2)).isEqualTo(box.group(1));
    int size = side - 2 * QrSvg.BORDER;
    boolean[][] grid = new boolean[size][size];
    Matcher path = PATH.matcher(svg);
    assertThat(path.find()).as("one path").isTrue();
    assertThat(path.find()).as("only one path").isFalse();
    path.reset().find();
    String d = path.group(1);
    Matcher sq = SQUARE.matcher(d);
    int end = 0;
    while (sq.find()) {
      assertThat(d.substring(end, sq.start()).strip()).as("between squares").isEmpty();
      int x = Integer.parseInt(sq.group(1)) - QrSvg.BORDER;
      int y = Integer.parseInt(sq.group(2)) - QrSvg.BORDER;
      assertThat(x).isBetween(0, size - 1);
      assertThat(y).isBetween(0, size - 1);
      assertThat(grid[y][x]).as("square drawn twice at %d,%d", x, y).isFalse();
      grid[y][x] = true;
      end = sq.end();
    }
    assertThat(d.substring(end).strip()).isEmpty();
    return grid;
  }

  /** The modules of the QR code qrcodegen makes for {@code text} at level M. */
  static boolean[][] expected(String text) {
    QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    boolean[][] grid = new boolean[qr.size][qr.size];
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        grid[y][x] = qr.getModule(x, y);
      }
    }
    return grid;
  }

  @Test
  void render_enrollmentUri_everyDarkModuleOneSquare_noOtherSquares() {
    String svg = QrSvg.of(URI);
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>")
        .doesNotContain("<script").doesNotContain("<text");
    assertThat(modules(svg)).isDeepEqualTo(expected(URI));
  }

  @Test
  void encode_enrollmentUri_levelMSmallestVersion_sizeMatchesVersion() {
    QrCode qr = QrSvg.encode(URI);
    assertThat(qr.errorCorrectionLevel).isEqualTo(QrCode.Ecc.MEDIUM);
    // 141 bytes in byte mode (4 + 8 + 1128 bits) at level M: version 8 holds 152 data bytes,
    // version 7 only 122; level Q of version 8 (108) would not hold them, so M stays.
    assertThat(URI).hasSize(141);
    assertThat(qr.version).isEqualTo(8);
    assertThat(qr.size).isEqualTo(4 * 8 + 17);
    String svg = QrSvg.render(qr);
    assertThat(svg).contains("viewBox=\"0 0 57 57\"");
    // The finder pattern's corners are dark: the top-left module is drawn at the quiet zone's edge.
    assertThat(svg).contains("M4,4h1v1h-1z");
  }

  @Test
  void render_differentTexts_differentSymbols() {
    String other = URI.replace("JBSWY3DP", "KRSXG5CT");
    assertThat(modules(QrSvg.of(other))).isDeepEqualTo(expected(other));
    assertThat(java.util.Arrays.deepEquals(modules(QrSvg.of(other)), modules(QrSvg.of(URI))))
        .isFalse();
  }
}
