#include "views/percent_gauge_renderer.h"

#include <algorithm>

#include <wx/dc.h>
#include <wx/renderer.h>

namespace wpn::tray {

PercentGaugeRenderer::PercentGaugeRenderer() : wxDataViewCustomRenderer("long", wxDATAVIEW_CELL_INERT) {}

bool PercentGaugeRenderer::SetValue(const wxVariant& value) {
  value_ = std::clamp(value.GetLong(), 0L, 100L);
  return true;
}

bool PercentGaugeRenderer::GetValue(wxVariant& value) const {
  value = value_;
  return true;
}

wxSize PercentGaugeRenderer::GetSize() const { return GetView()->FromDIP(wxSize(80, 18)); }

wxString PercentGaugeRenderer::label() const { return wxString::Format("%ld %%", value_); }

bool PercentGaugeRenderer::Render(wxRect cell, wxDC* dc, int state) {
  wxRect bar = cell;
  bar.Deflate(0, std::max(0, (cell.height - GetSize().y) / 2));
  wxRendererNative::Get().DrawGauge(GetView(), *dc, bar, static_cast<int>(value_), 100);
  // Centred on the bar; RenderText picks the colour for a selected row.
  const wxSize extent = dc->GetTextExtent(label());
  const int x_offset = std::max(0, (bar.width - extent.x) / 2);
  RenderText(label(), x_offset, bar, dc, state);
  return true;
}

}  // namespace wpn::tray
