#include "app/icon_painter.h"

#include <wx/dcgraph.h>
#include <wx/dcmemory.h>
#include <wx/graphics.h>
#include <wx/image.h>

namespace wpn::tray {

namespace {

wxColour colour_of(IconState state) {
  switch (state) {
    case IconState::Offline:
      return {128, 128, 128};
    case IconState::Connecting:
      return {230, 160, 20};
    case IconState::Idle:
      return {40, 150, 60};
    case IconState::Transferring:
      return {30, 110, 220};
    case IconState::Paused:
      return {90, 100, 120};
    case IconState::AlternateLimits:
      return {140, 70, 190};
    case IconState::Problem:
      return {210, 40, 40};
  }
  return {0, 0, 0};
}

// Glyph coordinates are in a 0..1 box and scaled to the icon.
void draw_glyph(wxGraphicsContext& gc, IconState state, double s) {
  const wxColour white(255, 255, 255);
  gc.SetPen(wxPen(white, std::max(1, static_cast<int>(s / 11))));
  gc.SetBrush(wxBrush(white));
  auto line = [&](double x1, double y1, double x2, double y2) { gc.StrokeLine(x1 * s, y1 * s, x2 * s, y2 * s); };
  switch (state) {
    case IconState::Offline:  // a cross
      line(0.33, 0.33, 0.67, 0.67);
      line(0.67, 0.33, 0.33, 0.67);
      break;
    case IconState::Connecting:  // three dots
      for (double x : {0.3, 0.5, 0.7}) gc.DrawEllipse((x - 0.06) * s, 0.44 * s, 0.12 * s, 0.12 * s);
      break;
    case IconState::Idle:  // a check mark
      line(0.3, 0.52, 0.45, 0.67);
      line(0.45, 0.67, 0.72, 0.35);
      break;
    case IconState::Transferring:  // up and down arrows
      line(0.38, 0.72, 0.38, 0.28);
      line(0.38, 0.28, 0.28, 0.4);
      line(0.38, 0.28, 0.48, 0.4);
      line(0.62, 0.28, 0.62, 0.72);
      line(0.62, 0.72, 0.52, 0.6);
      line(0.62, 0.72, 0.72, 0.6);
      break;
    case IconState::Paused:  // two bars
      gc.DrawRectangle(0.33 * s, 0.3 * s, 0.12 * s, 0.4 * s);
      gc.DrawRectangle(0.55 * s, 0.3 * s, 0.12 * s, 0.4 * s);
      break;
    case IconState::AlternateLimits:  // a clock face
      gc.SetBrush(*wxTRANSPARENT_BRUSH);
      gc.DrawEllipse(0.28 * s, 0.28 * s, 0.44 * s, 0.44 * s);
      line(0.5, 0.5, 0.5, 0.35);
      line(0.5, 0.5, 0.62, 0.5);
      break;
    case IconState::Problem:  // an exclamation mark
      line(0.5, 0.27, 0.5, 0.58);
      gc.DrawEllipse(0.44 * s, 0.66 * s, 0.12 * s, 0.12 * s);
      break;
  }
}

}  // namespace

wxBitmap paint_state_bitmap(IconState state, int size) {
  wxImage image(size, size);
  image.InitAlpha();
  std::fill_n(image.GetAlpha(), size * size, static_cast<unsigned char>(0));
  wxBitmap bitmap(image, 32);
  {
    wxMemoryDC dc(bitmap);
    wxGCDC gcdc(dc);
    wxGraphicsContext* gc = gcdc.GetGraphicsContext();
    if (gc == nullptr) return bitmap;
    const double s = size;
    gc->SetPen(*wxTRANSPARENT_PEN);
    gc->SetBrush(wxBrush(colour_of(state)));
    gc->DrawEllipse(0.5, 0.5, s - 1, s - 1);
    draw_glyph(*gc, state, s);
  }
  return bitmap;
}

wxIcon paint_state_icon(IconState state, int size) {
  wxIcon icon;
  icon.CopyFromBitmap(paint_state_bitmap(state, size));
  return icon;
}

}  // namespace wpn::tray
