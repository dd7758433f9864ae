// Views of the Audio and Video widgets: their bytes (a binary buffer) played through
// a blob URL, with the model's autoplay, loop and controls.
import type { WidgetModel } from "./manager";

export function mediaPlayer(model: WidgetModel, kind: "audio" | "video"): HTMLElement {
  const player = document.createElement(kind);
  player.className = `jovi-widget jovi-widget-${kind}`;
  player.setAttribute("aria-label", model.get<string>("description") || kind);
  let url = "";
  const show = () => {
    const value = model.get<DataView<ArrayBuffer> | undefined>("value");
    if (url) URL.revokeObjectURL(url);
    const type = `${kind}/${model.get<string>("format") || (kind === "audio" ? "mp3" : "mp4")}`;
    url = value instanceof DataView ? URL.createObjectURL(new Blob([value], { type })) : "";
    player.src = url;
    player.autoplay = model.get("autoplay") === true;
    player.loop = model.get("loop") !== false;
    player.controls = model.get("controls") !== false;
    if (player instanceof HTMLVideoElement) {
      const width = model.get<string>("width");
      const height = model.get<string>("height");
      if (width) player.setAttribute("width", width);
      if (height) player.setAttribute("height", height);
    }
  };
  model.onChange(show);
  show();
  return player;
}
