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

// As wide as the column (the cell is given this size, centred), as tall as a text line.
wxSize PercentGaugeRenderer::GetSize() const {
  const int margin = GetView()->FromDIP(8);
  const int width = GetOwner() != nullptr ? GetOwner()->GetWidth() - margin : GetView()->FromDIP(80);
  return wxSize(std::max(GetView()->FromDIP(40), width), GetView()->FromDIP(18));
}

wxString PercentGaugeRenderer::label() const { return wxString::Format("%ld %%", value_); }

bool PercentGaugeRenderer::Render(wxRect cell, wxDC* dc, int state) {
  wxRect bar = cell;
  bar.Deflate(0, std::max(0, (cell.height - GetSize().y) / 2));
  wxRendererNative::Get().DrawGauge(GetView(), *dc, bar, static_cast<int>(value_), 100);
  // RenderText centres it as the column is aligned, in the colour of a selected row too.
  RenderText(label(), 0, bar, dc, state);
  return true;
}

}  // namespace wpn::tray
