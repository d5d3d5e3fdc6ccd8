package dev.janua.examples;

import io.nayuki.qrcodegen.QrCode;

/**
 * Draws a QR code as an SVG document: one black {@code path} of unit squares, one per dark module,
 * on a white background with the quiet zone the standard asks for (4 modules). The code itself
 * comes from Nayuki's {@code qrcodegen}; this class only renders its modules, so the SVG needs no
 * script or font and can be put into the page as it is.
 */
final class QrSvg {
  /** The quiet zone around the symbol, in modules (ISO/IEC 18004: at least 4). */
  static final int BORDER = 4;

  private QrSvg() {}

  /**
   * The QR code of {@code text} (error correction level M, the smallest version that fits) as SVG.
   *
   * @throws io.nayuki.qrcodegen.DataTooLongException when the text does not fit a version-40 code
   */
  static String of(String text) {
    return render(encode(text));
  }

  /** The QR code {@link #of} draws: level M, the smallest version that fits. */
  static QrCode encode(String text) {
    return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
  }

  /**
   * The SVG of a QR code: a {@code viewBox} of the symbol plus the quiet zone, one path of
   * {@code M x,y h1 v1 h-1 z} squares in module units, crisp edges.
   */
  static String render(QrCode qr) {
    int side = qr.size + 2 * BORDER;
    StringBuilder path = new StringBuilder(qr.size * qr.size * 6);
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          if (path.length() > 0) {
            path.append(' ');
          }
          path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + side + " "
        + side + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
  }
}
